"""Offers after the selection and the reserve cascade."""
