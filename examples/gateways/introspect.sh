#!/bin/sh
# Asks Keycloak about one API key with RFC 7662 token introspection, as a gateway that cannot use forward-auth
# would (an API that checks keys itself, a gateway plugin that speaks OAuth introspection). NginxGatewayIT runs it.
#
#   KEYCLOAK=http://localhost:8080 REALM=demo GATEWAY_ID=api-gateway GATEWAY_SECRET=... \
#       ./introspect.sh [caller-address] < file-holding-the-key
#
# The key comes on standard input and the gateway's secret from the environment, so that neither shows in the
# process list. caller-address is the IP address the key is used from: a key with an IP allow-list is active only
# when it is given and inside the list.
#
# Prints Keycloak's answer: {"active":true,"sub":...,"username":...,"scope":"read trade","api_key_id":...,...}
# or {"active":false} for anything that is not a usable key (the same for every reason). Exits non-zero when
# Keycloak refuses the gateway itself (wrong credentials: 401) or the request (400).
set -eu

: "${KEYCLOAK:?set KEYCLOAK, e.g. http://localhost:8080}"
: "${REALM:?set REALM}"
: "${GATEWAY_ID:?set GATEWAY_ID, the gateway client}"
: "${GATEWAY_SECRET:?set GATEWAY_SECRET, the gateway client secret}"

key=$(cat)
if [ -z "$key" ]; then
    echo "introspect.sh: no key on standard input" >&2
    exit 2
fi
# Anything else could carry a line break into curl's configuration below (another url, output file, ...).
case "$key" in
    kcak_*[!0-9A-Za-z]* | kcak_) echo "introspect.sh: not an API key" >&2; exit 2 ;;
    kcak_*) ;;
    *) echo "introspect.sh: not an API key" >&2; exit 2 ;;
esac
case "${1:-}" in
    *[!0-9A-Fa-f:.]*) echo "introspect.sh: the caller's address must be an IP address" >&2; exit 2 ;;
esac

# A value inside a double-quoted curl config string: backslashes and double quotes escaped.
quoted() {
    printf '%s' "$1" | sed 's/[\\"]/\\&/g'
}

{
    printf 'user = "%s:%s"\n' "$(quoted "$GATEWAY_ID")" "$(quoted "$GATEWAY_SECRET")"
    printf 'data-urlencode = "token=%s"\n' "$(quoted "$key")"
    printf 'data = "token_type_hint=api_key"\n'
    if [ $# -gt 0 ]; then
        printf 'header = "X-Client-Address: %s"\n' "$(quoted "$1")"
    fi
} | curl --silent --show-error --fail-with-body --config - \
    "$KEYCLOAK/realms/$REALM/protocol/openid-connect/token/introspect"
echo
