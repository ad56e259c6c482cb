"""deploy/prometheus-rules.yaml, the alerting rules for `infratop serve`'s metrics, as promtool
sees them: the rules load, their unit tests (deploy/prometheus-rules.test.yaml) pass, every
alert has a case where it fires and one where it stays quiet, and a broken rule fails the tests."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

from labfixture import REPO

RULES = os.path.join("deploy", "prometheus-rules.yaml")
TESTS = os.path.join("deploy", "prometheus-rules.test.yaml")

# `- alert: Name` in the rules; in the tests each case names its alert on the line before its
# `exp_alerts:`, which is `[]` when no alert may fire.
ALERT = re.compile(r"^\s*- alert:\s*(\S+)\s*$", re.M)
CASE = re.compile(r"^\s*alertname:\s*(\S+)\s*\n\s*exp_alerts:[ \t]*(\[\])?", re.M)


def promtool(*args, cwd=REPO):
    r = subprocess.run(["promtool", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def read(path):
    with open(os.path.join(REPO, path)) as f:
        return f.read()


class PrometheusRulesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("promtool") is None:
            raise unittest.SkipTest("promtool is not on PATH: install the Debian package 'prometheus' "
                                    "(it brings promtool; .ci/run installs it)")
        cls.alerts = ALERT.findall(read(RULES))

    def test_rules_load(self):
        code, out = promtool("check", "rules", RULES)
        self.assertEqual(code, 0, out)
        self.assertIn("SUCCESS: %d rules found" % len(self.alerts), out)

    def test_unit_tests_pass(self):
        code, out = promtool("test", "rules", TESTS)
        self.assertEqual(code, 0, out)
        self.assertIn("SUCCESS", out)

    def test_every_alert_is_tested_firing_and_quiet(self):
        # promtool passes a quiet case whose alertname matches no rule, so names are checked here.
        self.assertGreater(len(self.alerts), 0)
        cases = CASE.findall(read(TESTS))
        firing = {name for name, empty in cases if not empty}
        quiet = {name for name, empty in cases if empty}
        self.assertEqual(firing | quiet, set(self.alerts), "cases name alerts that the rules do not have, or miss some")
        self.assertEqual(set(self.alerts) - firing, set(), "alerts never shown firing")
        self.assertEqual(set(self.alerts) - quiet, set(), "alerts never shown quiet")

    def test_a_broken_rule_fails_the_unit_tests(self):
        # Each change still loads (check rules passes) but breaks what the alert means; the unit
        # tests must notice, in the alert's own case.
        breaks = [
            ("InfratopRedisNearMaxmemory", ") > 0.9\n", ") > 0.8\n"),
            ("InfratopRedisNearMaxmemory", "/ (infratop_redis_memory_max_bytes > 0)", "/ infratop_redis_memory_max_bytes"),
            ("InfratopSourceDown", 'infratop_source_up{source!="kubernetes"}', "infratop_source_up"),
        ]
        rules = read(RULES)
        for alert, old, new in breaks:
            with self.subTest(alert=alert, old=old):
                self.assertEqual(rules.count(old), 1, "the rules no longer hold %r once" % old)
                work = tempfile.mkdtemp(prefix="infratop-rules-")
                try:
                    with open(os.path.join(work, os.path.basename(RULES)), "w") as f:
                        f.write(rules.replace(old, new))
                    shutil.copy(os.path.join(REPO, TESTS), work)
                    code, out = promtool("check", "rules", os.path.basename(RULES), cwd=work)
                    self.assertEqual(code, 0, out)
                    code, out = promtool("test", "rules", os.path.basename(TESTS), cwd=work)
                    self.assertNotEqual(code, 0, out)
                    self.assertIn("FAILED", out)
                    self.assertIn("alertname: %s," % alert, out)
                finally:
                    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
