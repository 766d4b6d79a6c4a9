"""Staffing from demand: the operators each hour of the week needs (Erlang C over the
contacts of the last weeks), the coverage rules that would follow, and the week's picture of
required vs rostered vs checked-in seats."""
