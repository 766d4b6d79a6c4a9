"""Flows: what happens across several domains when one thing happens.

A flow calls domain services in order inside the caller's transaction (it never commits).
Domains never import a flow; routers, pages, jobs and the command line do.
"""
