"""warreport.analysis"""
