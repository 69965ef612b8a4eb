"""distributors"""
