"""Inputs and outputs: YAML, Excel and DataFrames."""
