import Foundation

/// Server-to-Server OAuth app credentials. `description` never shows the secret.
public struct ZoomCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accountID: String
    public var clientID: String
    public var clientSecret: String

    public init(accountID: String, clientID: String, clientSecret: String) {
        self.accountID = accountID
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public var description: String {
        "ZoomCredentials(accountID: \(accountID), clientID: \(clientID), clientSecret: ***)"
    }
    public var debugDescription: String { description }
}

/// How often and how patiently the client retries.
public struct ZoomRetryPolicy: Sendable, Equatable {
    /// Attempts in all for timeouts, connection errors and 5xx (the first one included).
    public var maxAttempts: Int = 4
    /// Backoff base: attempt n waits a random time in 0 … min(maxDelay, baseDelay · 2ⁿ⁻¹) (full jitter).
    public var baseDelay: TimeInterval = 0.5
    public var maxDelay: TimeInterval = 10
    /// Retries after per-second 429 answers, per call.
    public var maxRateLimitRetries: Int = 6
    /// Longest wait honoured for a per-second 429 `Retry-After`.
    public var maxRateLimitWait: TimeInterval = 10
    /// Seconds to wait for an answer to one request.
    public var requestTimeout: TimeInterval = 30

    public init(
        maxAttempts: Int = 4, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 10,
        maxRateLimitRetries: Int = 6, maxRateLimitWait: TimeInterval = 10, requestTimeout: TimeInterval = 30
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRateLimitRetries = maxRateLimitRetries
        self.maxRateLimitWait = maxRateLimitWait
        self.requestTimeout = requestTimeout
    }
}

/// The client's helpers for the state file's ledger of creates + updates per host and UTC day
/// (the type is in State/SyncState.swift; the sync engine seeds the next run's client with it,
/// so that no run asks Zoom for the 101st write of a day).
extension DailyWriteLedger {
    public static func utcDay(of date: Date) -> CalendarDay {
        CalendarDay(date, in: TimeZone(identifier: "UTC")!)
    }

    /// The counts that still apply on the UTC day of `date` (none when the ledger is older).
    public func current(at date: Date) -> DailyWriteLedger {
        let today = Self.utcDay(of: date)
        return today == day ? self : DailyWriteLedger(day: today)
    }
}

/// Everything `HTTPZoomClient` is configured with.
public struct ZoomClientSettings: Sendable {
    public var apiURL: URL
    public var oauthURL: URL
    public var credentials: ZoomCredentials
    public var kind: Configuration.ZoomKind
    public var ratePlan: Configuration.RatePlan
    /// Share of the plan's per-second rate the client allows itself (the account's other apps need some).
    public var rateHeadroom: Double
    public var retry: ZoomRetryPolicy
    /// Zoom's per-host daily limit for meeting creates + updates.
    public var dailyWriteLimit: Int
    /// Counts from earlier runs today (from the state file).
    public var dailyWrites: DailyWriteLedger?
    /// Renew a token this long before it expires (at most a quarter of its lifetime).
    public var tokenRenewalMargin: TimeInterval
    /// Requests in flight at once (the transport gets as many connections). 16, as many as the
    /// run works on courses at once; the per-second rate limiter paces them.
    public var maxConcurrentRequests: Int
    /// Things worth telling the admin that did not stop the configuration (e.g. a secret file others can read).
    public var warnings: [LocalizedText]

    public init(
        apiURL: URL, oauthURL: URL, credentials: ZoomCredentials, kind: Configuration.ZoomKind = .meeting,
        ratePlan: Configuration.RatePlan = .pro, rateHeadroom: Double = 0.9, retry: ZoomRetryPolicy = .init(),
        dailyWriteLimit: Int = 100, dailyWrites: DailyWriteLedger? = nil, tokenRenewalMargin: TimeInterval = 300,
        maxConcurrentRequests: Int = 16, warnings: [LocalizedText] = []
    ) {
        self.apiURL = apiURL
        self.oauthURL = oauthURL
        self.credentials = credentials
        self.kind = kind
        self.ratePlan = ratePlan
        self.rateHeadroom = rateHeadroom
        self.retry = retry
        self.dailyWriteLimit = dailyWriteLimit
        self.dailyWrites = dailyWrites
        self.tokenRenewalMargin = tokenRenewalMargin
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.warnings = warnings
    }

    /// Environment variable names (fixed: README.md, "Configuration").
    public enum Environment {
        public static let accountID = "ZOOM_ACCOUNT_ID"
        public static let clientID = "ZOOM_CLIENT_ID"
        public static let clientSecret = "ZOOM_CLIENT_SECRET"
        public static let apiURL = "ZOOM_API_URL"
        public static let oauthURL = "ZOOM_OAUTH_URL"
    }

    /// Credentials and endpoints from the environment (which wins) and the configuration.
    /// The client secret comes from `ZOOM_CLIENT_SECRET` or from the file `zoom.client_secret_file`;
    /// a secret file that every user of the machine can read is refused, one the group can read is
    /// accepted with a warning. Messages are in `configuration.language`.
    public static func resolve(configuration: Configuration, environment: [String: String]) throws(ZoomError)
        -> ZoomClientSettings
    {
        let language = configuration.language
        func text(_ de: String, _ en: String) -> String { LocalizedText(de: de, en: en).text(language) }
        func value(_ key: String, _ fallback: String?) -> String? {
            if let env = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !env.isEmpty { return env }
            if let fallback = fallback?.trimmingCharacters(in: .whitespacesAndNewlines), !fallback.isEmpty {
                return fallback
            }
            return nil
        }
        func url(_ key: String, _ fallback: String, _ what: String) throws(ZoomError) -> URL {
            let raw = value(key, fallback) ?? fallback
            guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(),
                scheme == "https" || scheme == "http",
                url.host != nil
            else {
                throw .notConfigured(
                    text(
                        "\(what) „\(raw)“ ist keine gültige http(s)-Adresse: \(key) oder die Konfiguration korrigieren.",
                        "\(what) \"\(raw)\" is not a valid http(s) URL: fix \(key) or the configuration."))
            }
            return url
        }

        let zoom = configuration.zoom
        var missing: [String] = []
        let accountID = value(Environment.accountID, zoom.accountID)
        if accountID == nil { missing.append("\(Environment.accountID) / zoom.account_id") }
        let clientID = value(Environment.clientID, zoom.clientID)
        if clientID == nil { missing.append("\(Environment.clientID) / zoom.client_id") }

        var warnings: [LocalizedText] = []
        var secret = value(Environment.clientSecret, nil)
        if secret == nil, let file = zoom.clientSecretFile?.trimmingCharacters(in: .whitespacesAndNewlines),
            !file.isEmpty
        {
            let path = (file as NSString).expandingTildeInPath
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let data = FileManager.default.contents(atPath: path)
            else {
                throw .notConfigured(
                    text(
                        "Die Datei mit dem Client-Secret (zoom.client_secret_file) „\(path)“ ist nicht lesbar: Pfad und Rechte prüfen.",
                        "The client secret file (zoom.client_secret_file) \"\(path)\" cannot be read: check the path and its permissions."
                    ))
            }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            if mode & 0o004 != 0 {
                throw .notConfigured(
                    text(
                        "Die Datei mit dem Client-Secret „\(path)“ ist für alle Benutzer lesbar: mit „chmod 600 \(path)“ schützen.",
                        "The client secret file \"\(path)\" is readable by every user: protect it with \"chmod 600 \(path)\"."
                    ))
            }
            if mode & 0o040 != 0 {
                warnings.append(
                    LocalizedText(
                        de:
                            "Die Datei mit dem Client-Secret „\(path)“ ist für die Gruppe lesbar; besser „chmod 600 \(path)“.",
                        en: "The client secret file \"\(path)\" is readable by its group; better \"chmod 600 \(path)\"."
                    ))
            }
            let content = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty {
                throw .notConfigured(
                    text(
                        "Die Datei mit dem Client-Secret „\(path)“ ist leer.",
                        "The client secret file \"\(path)\" is empty."))
            }
            secret = content
        }
        if secret == nil { missing.append("\(Environment.clientSecret) / zoom.client_secret_file") }

        guard let accountID, let clientID, let secret else {
            throw .notConfigured(
                text(
                    "Zoom-Zugangsdaten fehlen: \(missing.joined(separator: ", ")). Die Werte stehen in der Server-to-Server-OAuth-App im Zoom App Marketplace.",
                    "Zoom credentials are missing: \(missing.joined(separator: ", ")). The values are shown in the Server-to-Server OAuth app in the Zoom App Marketplace."
                ))
        }
        let apiURL = try url(Environment.apiURL, zoom.apiURL, "ZOOM_API_URL")
        let oauthURL = try url(Environment.oauthURL, zoom.oauthURL, "ZOOM_OAUTH_URL")
        return ZoomClientSettings(
            apiURL: apiURL, oauthURL: oauthURL,
            credentials: ZoomCredentials(accountID: accountID, clientID: clientID, clientSecret: secret),
            kind: configuration.kind, ratePlan: configuration.ratePlan, warnings: warnings)
    }
}
