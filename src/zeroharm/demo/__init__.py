"""The demo group: data (``data/*.yaml``) run through the services the pages call.

``zeroharm demo`` builds it once. Every record is made by the product's own services, acting as the demo
personas, with the clock set to the moment each step happened (``clock.Timeline``): a hidden danger is reported,
assessed, assigned and accepted on the days it was, the nightly deadline scan runs every night in between, and
the history, the inbox and the computed figures are what the services left. Dates are relative to the build
date, so the demo never looks stale, and a build is the same for the same seed and the same date.
"""
