"""What the OpenAPI document needs beyond what Django Ninja writes, so generated clients can trust it.

- Response maps keyed by strings only: Ninja keys by int, and a second
  ``"404"`` beside an int ``404`` became a duplicate key in JSON.
- Anonymous access declared as OpenAPI does (an empty security requirement),
  not as Wagtail's ``AllowAnonymous`` scheme of ``type: http`` without
  ``scheme``, which validators refuse.
- Every status an operation can answer, errors as RFC 7807
  ``application/problem+json``, with ``Retry-After`` on 429 and
  ``WWW-Authenticate`` on 401.
"""

PROBLEM = {"$ref": "#/components/schemas/ProblemDetail"}
ANONYMOUS_SCHEME = "AllowAnonymous"

# Statuses any operation can answer, and why.
ALWAYS = {
    # An Authorization header whose token is invalid, revoked or malformed.
    "401": "Unauthorized: the bearer token is invalid",
    # A method the path does not serve.
    "405": "Method Not Allowed",
    # The anonymous rate limit (API_ANON_RATE_LIMIT per API_RATE_LIMIT_WINDOW).
    "429": "Too Many Requests",
}


def problem_response(description):
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": PROBLEM}},
    }


def complete_openapi_schema(schema):
    schemes = schema.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            complete_operation(operation)
    return schema


def complete_operation(operation):
    # Keep the order Ninja gave, with one string key per status.
    responses = {}
    for status, response in operation.get("responses", {}).items():
        responses.setdefault(str(status), response)
    operation["responses"] = responses

    security = operation.get("security")
    if security:
        operation["security"] = [
            {} if ANONYMOUS_SCHEME in requirement else requirement for requirement in security
        ]

    names = {parameter.get("name") for parameter in operation.get("parameters", [])}
    # Any parameter may be refused with a 400 (a NUL character, an unknown
    # parameter, a limit above the maximum); any body with a 400 (malformed JSON)
    # or a 422 (a value that breaks a rule).
    if names or "requestBody" in operation:
        responses.setdefault("400", problem_response("Bad Request"))
        responses.setdefault("422", problem_response("Unprocessable Entity"))
    # Lookups by id answer 404 when the object does not exist or is not visible.
    if names:
        responses.setdefault("404", problem_response("Not Found"))
    if security and {} not in operation["security"]:
        responses.setdefault("403", problem_response("Forbidden"))
    for status, description in ALWAYS.items():
        responses.setdefault(status, problem_response(description))
    responses["401"].setdefault("headers", {})["WWW-Authenticate"] = {
        "description": "`Bearer` with the error, as RFC 6750 says",
        "schema": {"type": "string"},
    }
    responses["429"].setdefault("headers", {})["Retry-After"] = {
        "description": "Seconds until the rate-limit window ends",
        "schema": {"type": "integer", "minimum": 1},
    }
    for status, response in responses.items():
        content = response.get("content", {})
        if status.startswith(("4", "5")) and "application/json" in content:
            content["application/problem+json"] = content.pop("application/json")
