"""warreport.eval"""
