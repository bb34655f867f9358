"""warreport.moderation"""
