"""API errors carried as metav1.Status, the shape every client decodes."""


class ApiError(Exception):
    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details

    def status(self):
        s = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details is not None:
            s["details"] = self.details
        return s


def not_found(resource, name, group=""):
    details = {"name": name, "kind": resource}
    if group:
        details["group"] = group
    qualified = resource if not group else "%s.%s" % (resource, group)
    return ApiError(404, "NotFound", '%s "%s" not found' % (qualified, name), details)


def method_not_allowed():
    return ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                    {})
