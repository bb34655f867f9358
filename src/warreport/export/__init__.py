"""warreport.export"""
