"""`make bench` (python -m bench): ten times Ghent, measured. See registry.py for how to add a
figure and __main__.py for the options."""
