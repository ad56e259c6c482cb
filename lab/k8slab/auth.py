"""Authentication and a tiny RBAC, shaped like kube-apiserver's.

Tokens come from a static token file in kube-apiserver's CSV format
(token,user,uid,"group1,group2"); client certificates name the user in CN and
groups in O. Basic auth is rejected as unauthenticated, because the real API
server dropped it in 1.19 and a client must report that, not hang on it.
"""

import csv
import hmac

from .errors import ApiError

VERBS_READ = ("get", "list", "watch")


def read_rule(resources):
    return {"verbs": list(VERBS_READ), "resources": list(resources)}


class User:
    def __init__(self, name, groups):
        self.name = name
        self.groups = groups


class Authenticator:
    def __init__(self, token_file, policy):
        self.tokens = {}
        with open(token_file) as f:
            for row in csv.reader(f):
                if not row or row[0].startswith("#"):
                    continue
                groups = [g for g in (row[3].split(",") if len(row) > 3 else []) if g]
                self.tokens[row[0]] = User(row[1], groups + ["system:authenticated"])
        self.policy = policy

    def authenticate(self, headers, peer_cert):
        """Returns a User or raises 401. Never echoes the credential."""
        auth = headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            presented = auth[len("Bearer "):].strip()
            for token, user in self.tokens.items():
                if hmac.compare_digest(token.encode(), presented.encode()):
                    return user
            raise unauthorized()
        if peer_cert:
            subject = dict(x[0] for x in peer_cert.get("subject", ()))
            cn = subject.get("commonName")
            if cn:
                orgs = [v for rdn in peer_cert.get("subject", ()) for k, v in rdn if k == "organizationName"]
                return User(cn, orgs + ["system:authenticated"])
        raise unauthorized()

    def authorize(self, user, verb, resource, group, namespace, subresource=None, name=None):
        """Access per user and group, RBAC-style: the policy's bindings for the
        user's name and for each of its groups add up, and a request is allowed
        when one rule names its verb and its resource (a subresource such as
        pods/log or pods/portforward must be named itself). A binding names the
        namespaces it holds in, as a RoleBinding does; "*" makes it a
        ClusterRoleBinding, which holds in every namespace and at the cluster
        scope (nodes; pods of all namespaces). Everything else is forbidden with
        the message RBAC gives, which clients show verbatim."""
        res = resource + ("/" + subresource if subresource else "")
        if self.allows(user, verb, res, namespace):
            return
        scope = 'in the namespace "%s"' % namespace if namespace else "at the cluster scope"
        qualified = resource if not group else "%s.%s" % (resource, group)
        subject = '%s "%s"' % (qualified, name) if name else qualified
        details = {"kind": resource}
        if name:
            details["name"] = name
        if group:
            details["group"] = group
        raise ApiError(403, "Forbidden",
                       '%s is forbidden: User "%s" cannot %s resource "%s" in API group "%s" %s' % (
                           subject, user.name, verb, res, group, scope), details)

    def allows(self, user, verb, res, namespace):
        """namespace None is the cluster scope."""
        for subject in [user.name] + ["group:" + g for g in user.groups]:
            bindings = self.policy.get(subject) or []
            for binding in [bindings] if isinstance(bindings, dict) else bindings:
                cluster_wide = "*" in binding["namespaces"]
                if not cluster_wide and (namespace is None or namespace not in binding["namespaces"]):
                    continue
                for rule in binding["rules"]:
                    if verb in rule["verbs"] and res in rule["resources"]:
                        return True
        return False


def unauthorized():
    return ApiError(401, "Unauthorized", "Unauthorized")
