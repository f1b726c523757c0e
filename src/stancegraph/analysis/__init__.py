"""Analyses: plain functions over stance tables, returning DataFrames or dataclasses."""
