"""Privacy by design (issue 17, AVG): who read which personal data (the access log), how long
each category is kept (retention rules, per municipality), what is removed and what a tombstone
keeps, the destruction lists for municipal records, a buyer's own data, and the privacy
statement generated from all of it.

A shared module low in the layers: the apps above declare their personal data in
`klushuis.privacy.registry` from their `AppConfig.ready()`; this package never imports them.
"""
