"""Operator presence: Available or Away, and the state an operator's home shows."""
