import Foundation

/// The account steps of `doctor --live`: OAuth, scopes, the host's licences, and the
/// rate-limit headers Zoom sent over the whole probe.
extension LiveProbe {
    private var t: (String, String) -> LocalizedText { Self.t }

    /// A token request with an account id that cannot exist: Zoom must refuse it as the
    /// simulator does (400 `invalid_request`), not hand out a token.
    func oauthBadAccountStep() async {
        await step(
            "oauth-bad-account", [.oauthInvalidAccount],
            expects: t(
                "Eine falsche Account-ID antwortet 400 mit „error: invalid_request“.",
                "A wrong account id answers 400 with \"error: invalid_request\"."),
            summary: t(
                "Token-Anfrage mit ungültiger Account-ID abgelehnt", "token request with an invalid account id refused")
        ) { s in
            let response = try await raw.token(accountID: "semco-zoom-doctor-no-such-account")
            let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
            s.compare("status", "400", String(response.status))
            s.compare("error", "invalid_request", object?["error"] as? String ?? "-")
            s.compare("access_token", "absent", object?["access_token"] == nil ? "absent" : "present")
        }
    }

    /// The token answer's fields and the scopes the sync and the probe need.
    func tokenStep() async {
        await step(
            "token", [.tokenAnswer],
            expects: t(
                "200 mit access_token, token_type bearer, expires_in und scope; die Scopes decken Meetings, Registranten und Benutzer ab.",
                "200 with access_token, token_type bearer, expires_in and scope; the scopes cover meetings, registrants and users."
            ),
            summary: t("Token erhalten, Scopes vorhanden", "token obtained, scopes granted")
        ) { s in
            let response = try await raw.token(accountID: settings.credentials.accountID)
            guard response.status == 200 else {
                throw ProbeFailure(
                    text: t(
                        "Zoom hat die Zugangsdaten abgelehnt (HTTP \(response.status)).",
                        "Zoom refused the credentials (HTTP \(response.status))."))
            }
            let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
            rawToken = object["access_token"] as? String
            s.compare("access_token", "present", rawToken.map { $0.isEmpty ? "empty" : "present" } ?? "absent")
            s.compare("token_type", "bearer", (object["token_type"] as? String)?.lowercased() ?? "-")
            let expires = (object["expires_in"] as? NSNumber)?.intValue
            s.compare("expires_in", "> 0", expires.map(String.init) ?? "-", agrees: (expires ?? 0) > 0)
            let scopeText = object["scope"] as? String
            s.compare(
                "scope", "space-separated list", scopeText == nil ? "absent" : "present", agrees: scopeText != nil)
            // The sync's needs, and the probe's own (it always uses meetings).
            let granted = (scopeText ?? "").split(separator: " ").map(String.init)
            var missing = Doctor.missingScopes(granted, kind: .meeting)
            if configuredKind == .webinar {
                missing += Doctor.missingScopes(granted, kind: .webinar).filter { !missing.contains($0) }
            }
            if scopeText != nil && !missing.isEmpty {
                throw ProbeFailure(
                    text: t(
                        "Der Zoom-App fehlen Scopes: \(missing.joined(separator: ", ")) (die Probe legt Meetings an, auch bei kind: webinar); in der Server-to-Server-OAuth-App hinzufügen.",
                        "The Zoom app lacks scopes: \(missing.joined(separator: ", ")) (the probe creates meetings, also with kind: webinar); add them in the Server-to-Server OAuth app."
                    ))
            }
            _ = try await client.grantedScopes()
        }
    }

    /// The host is a licensed user of the account.
    func hostStep() async {
        await step(
            "host", [.userLicence],
            expects: t(
                "GET /users/{userId} antwortet 200 mit type 2 (lizenziert).",
                "GET /users/{userId} answers 200 with type 2 (licensed)."),
            summary: t("Lizenz des Moderators", "host's licence")
        ) { s in
            let user: ZoomUser
            do {
                user = try await client.getUser(id: plan.host, context: .none)
            } catch let error as ZoomError where error.isUserMissing {
                throw ProbeFailure(
                    text: t(
                        "Der Moderator ist kein Benutzer des Zoom-Kontos (404/1001).",
                        "The host is not a user of the Zoom account (404/1001)."))
            }
            s.compare("status", "200", String(lastStatus() ?? 0))
            s.compare("type", "2", String(user.licence.zoomType))
            if !user.isLicensed {
                throw ProbeFailure(
                    text: t(
                        "Der Moderator ist nicht lizenziert (type \(user.licence.zoomType)); Registrierung braucht eine Lizenz.",
                        "The host is not licensed (type \(user.licence.zoomType)); registration needs a licence."))
            }
        }
    }

    /// The first token still works after the client fetched a second one.
    func tokenSecondStep() async {
        await step(
            "token-second", [.tokenOldStaysValid],
            expects: t(
                "Ein neues Token macht ältere nicht ungültig: der Aufruf mit dem ersten Token antwortet 200.",
                "A new token leaves older ones valid: the call with the first token answers 200."),
            summary: t("Älteres Token bleibt gültig", "older token stays valid")
        ) { s in
            let token = try need(rawToken, "first token")
            let response = try await raw.get("/users/\(Self.segment(plan.host))", token: token)
            let code = ProbeExchange(
                method: "GET", url: settings.apiURL, requestBody: nil, status: response.status,
                headers: response.headers, responseBody: response.body
            ).zoomError.code
            s.compare("status", "200", String(response.status) + (code.map { "/\($0)" } ?? ""))
        }
    }

    /// With `zoom.kind: webinar`, the host's webinar licence (`GET /users/{userId}/settings`).
    func webinarLicenceStep() async {
        guard configuredKind == .webinar else { return }
        await step(
            "host-webinar", [.webinarLicence],
            expects: t(
                "GET /users/{userId}/settings: feature.webinar true.",
                "GET /users/{userId}/settings: feature.webinar true."),
            summary: t("Moderator hat eine Webinar-Lizenz", "host holds a webinar licence")
        ) { s in
            let token = try need(rawToken, "token")
            let response = try await raw.get("/users/\(Self.segment(plan.host))/settings", token: token)
            s.compare("status", "200", String(response.status))
            let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
            let feature = object?["feature"] as? [String: Any]
            let webinar = feature?["webinar"] as? Bool
            s.compare("feature.webinar", "true", webinar.map(String.init) ?? "-")
            if response.status == 200 && webinar == false {
                throw ProbeFailure(
                    text: t(
                        "Der Moderator hat keine Webinar-Lizenz (zoom.kind: webinar).",
                        "The host holds no webinar licence (zoom.kind: webinar)."))
            }
        }
    }

    /// Every `X-RateLimit-*` header Zoom sent, against the rate label Zoom's documents give each call (docs/SIMULATOR.md, Calls served).
    func rateLimitHeadersStep() async {
        let seen = allExchanges.filter { !$0.isTokenCall && $0.header("X-RateLimit-Category") != nil }
        await step(
            "rate-limit-headers", [.rateLimitHeaders],
            expects: t(
                "Kategorie je Aufruf wie in Zooms Dokumentation (Light/Medium/Heavy), Typ QPS oder ein Tageslimit, Limit und Remaining als Zahlen.",
                "Category per call as Zoom's documents give it (Light/Medium/Heavy), type QPS or a daily limit, limit and remaining numbers."
            ),
            summary: seen.isEmpty
                ? t(
                    "Zoom hat keine X-RateLimit-Header gesendet (nur bei 429 erwartet)",
                    "Zoom sent no X-RateLimit headers (expected with 429 only)")
                : t("X-RateLimit-Header bei \(seen.count) Antworten", "X-RateLimit headers on \(seen.count) answers")
        ) { s in
            var reported = Set<String>()
            for exchange in seen {
                let path = APICallRecord.redactedPath(exchange.url.path)
                let template = Self.template(path)
                let category = exchange.header("X-RateLimit-Category") ?? "-"
                let type = exchange.header("X-RateLimit-Type") ?? "-"
                let limit = exchange.header("X-RateLimit-Limit") ?? "-"
                let remaining = exchange.header("X-RateLimit-Remaining") ?? "-"
                let key = "\(exchange.method) \(template) \(category) \(type)"
                guard reported.insert(key).inserted else { continue }
                let expected = Self.label(method: exchange.method, template: template)
                s.compare(
                    "\(exchange.method) \(template) category", expected, category,
                    agrees: category.lowercased() == expected.lowercased())
                s.compare(
                    "\(exchange.method) \(template) type/limit/remaining", "QPS|daily, number, number",
                    "\(type), \(limit), \(remaining)",
                    agrees: !type.isEmpty && type != "-" && Int(limit) != nil && Int(remaining) != nil)
            }
        }
    }

    /// The rate label Zoom's documents give a call (docs/SIMULATOR.md, Calls served).
    static func label(method: String, template: String) -> String {
        if method == "POST" && template.hasSuffix("/batch_registrants") { return "Heavy" }
        if method == "GET"
            && (template.hasPrefix("/users/") && template.hasSuffix("/meetings") || template.hasSuffix("/registrants"))
        {
            return "Medium"
        }
        if method == "PUT" && template.hasSuffix("/registrants/status") { return "Medium" }
        if method == "GET" && template.hasPrefix("/users/") && template.hasSuffix("/settings") { return "Medium" }
        return "Light"
    }

    /// `/v2/meetings/8123/registrants` → `/meetings/{id}/registrants`.
    static func template(_ path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        if parts.first == "v2" { parts.removeFirst() }
        for index in parts.indices
        where index > 0 && (parts[index - 1] == "meetings" || parts[index - 1] == "registrants")
            && parts[index] != "registrants" && parts[index] != "status" && parts[index] != "batch_registrants"
        {
            parts[index] = "{id}"
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A path segment percent-encoded as the client does it.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@+!$&'()*,;=:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
