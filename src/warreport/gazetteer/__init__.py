"""warreport.gazetteer"""
