"""warreport.web"""
