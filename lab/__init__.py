"""The local lab. A package only so that `unittest discover -s lab/tests -t .`
(scripts/test) can import the tests; the server runs as lab/apiserver.py."""
