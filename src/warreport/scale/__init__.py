"""warreport.scale"""
