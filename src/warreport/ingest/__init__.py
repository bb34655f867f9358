"""warreport.ingest"""
