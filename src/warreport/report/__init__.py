"""warreport.report"""
