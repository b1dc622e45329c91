"""Helpers several test modules share (not tests themselves): builders, oracles, fixtures to import."""
