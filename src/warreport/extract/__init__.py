"""warreport.extract"""
