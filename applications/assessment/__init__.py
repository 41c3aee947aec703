"""Selection by plan quality: the jury, the scores and the published outcome."""
