"""Care for the people who take the hardest calls: a debrief offered after every high or
imminent-risk escalation, and clinical supervision hours per person per year."""
