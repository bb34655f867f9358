"""warreport.nlp"""
