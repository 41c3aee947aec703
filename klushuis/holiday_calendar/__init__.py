"""The holiday calendar of the Algemene termijnenwet: a shared service for every statutory term."""
