import Foundation

/// What `doctor --live` will create and send: dates across the next daylight-saving change of
/// the configured zone, far ahead; its own agenda marker; the probe addresses. Pure values,
/// computed before anything is sent, so the command can announce them and ask.
public struct LiveProbePlan: Sendable {
    /// Every agenda the probe writes starts with this; never `[SEMCO …]`, the sync's marker.
    public static let markerPrefix = "[semco-zoom doctor --live "

    public var probeID: String
    public var host: String
    public var zone: TimeZone
    public var language: Language
    /// `[semco-zoom doctor --live <probeID>]`
    public var marker: String { Self.markerPrefix + probeID + "]" }
    public var probeEmail: String
    public var batchEmails: [String]
    /// The daylight-saving change the series spans (nil: the zone has none).
    public var transition: Date?
    /// Local wall-clock starts of the series' occurrences, `yyyy-MM-ddTHH:mm:ss`.
    public var localStarts: [String]
    /// The UTC instants those are (what Zoom must answer).
    public var expectedStarts: [Date]
    /// The series' weekday.
    public var weekday: Weekday
    /// The second occurrence moved one hour later: local start and instant.
    public var movedLocal: String
    public var movedStart: Date
    /// The single meeting's local start.
    public var singleLocal: String
    public static let duration = 60
    public static let changedDuration = 90

    /// Creates 2 (series and single meeting); updates: occurrence move, topic, duration, and
    /// the PATCH of a deleted occurrence if Zoom (unlike the assumption) takes it.
    public static let creates = 2
    public static let maxUpdates = 4
    /// Zoom's per-host daily limit of creates + updates.
    public static let dailyLimit = 100

    /// Creates + updates the sync spent for this host today (UTC), from the state file; nil
    /// when the state file knows none.
    public var spentToday: Int?

    /// True when the host's daily budget (as far as the state file knows) leaves room for the probe.
    public var budgetSuffices: Bool { (spentToday ?? 0) + Self.creates + Self.maxUpdates <= Self.dailyLimit }

    /// True for an agenda the probe wrote (any probe run).
    public static func isProbeAgenda(_ agenda: String?) -> Bool { agenda?.hasPrefix(markerPrefix) == true }

    public init(probeID: String, host: String, probeEmail: String?, zone: TimeZone, language: Language, now: Date) {
        self.probeID = probeID
        self.host = host
        self.zone = zone
        self.language = language
        let (email, batch) = Self.addresses(host: host, probeEmail: probeEmail)
        self.probeEmail = email
        self.batchEmails = batch

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Far ahead: the first daylight-saving change at least half a year away.
        let horizon = now.addingTimeInterval(183 * 86_400)
        let transition = zone.nextDaylightSavingTimeTransition(after: horizon)
        self.transition = transition
        // The first occurrence 4 days before the change, the next two after it.
        let anchor = (transition ?? horizon).addingTimeInterval(-4 * 86_400)
        var first = calendar.dateComponents([.year, .month, .day], from: anchor)
        first.hour = 10
        first.minute = 0
        first.second = 0
        let firstStart = calendar.date(from: first)!
        weekday = CalendarDay(firstStart, in: zone).weekday
        expectedStarts = (0..<3).map { calendar.date(byAdding: .day, value: 7 * $0, to: firstStart)! }
        localStarts = expectedStarts.map { Self.local($0, calendar) }
        movedStart = calendar.date(byAdding: .hour, value: 1, to: expectedStarts[1])!
        movedLocal = Self.local(movedStart, calendar)
        singleLocal = Self.local(calendar.date(byAdding: .day, value: 1, to: expectedStarts[0])!, calendar)
    }

    static func local(_ date: Date, _ calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String {
            let v = n ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// The probe address (a plus-address of the host's mailbox unless given) and two batch
    /// addresses derived from it (same mailbox).
    static func addresses(host: String, probeEmail: String?) -> (String, [String]) {
        func plus(_ address: String, _ tag: String) -> String {
            guard let at = address.lastIndex(of: "@") else { return address }
            let local = address[..<at]
            let separator = local.contains("+") ? "-" : "+"
            return local + separator + tag + address[at...]
        }
        let probe =
            probeEmail?.trimmingCharacters(in: .whitespaces).lowercased()
            ?? plus(host.lowercased(), "semco-zoom-doctor")
        return (probe, [plus(probe, "batch1"), plus(probe, "batch2")])
    }

    // MARK: What is sent

    var seriesTopic: String {
        language == .de
            ? "semco-zoom Verbindungstest (doctor --live), wird gleich gelöscht"
            : "semco-zoom connection test (doctor --live), deleted right away"
    }
    var changedTopic: String { seriesTopic + (language == .de ? " – geändert" : " — changed") }
    var singleTopic: String {
        language == .de
            ? "semco-zoom Verbindungstest, Einzeltermin (doctor --live)"
            : "semco-zoom connection test, single session (doctor --live)"
    }
    var agenda: String {
        marker + " "
            + (language == .de
                ? "Von semco-zoom doctor --live angelegt; wird von ihm gelöscht. Nicht verwenden."
                : "Created by semco-zoom doctor --live, which deletes it. Do not use.")
    }

    /// Registration with manual approval, and no e-mail to anyone.
    var settings: MeetingSettings {
        MeetingSettings(
            approval: .manual, registration: .onceForAllSessions, registrantsEmailNotification: false,
            registrantsConfirmationEmail: false)
    }

    var seriesRequest: MeetingChange {
        MeetingChange(
            topic: seriesTopic, kind: .meetingSeries, startTime: localStarts[0], timezone: zone.identifier,
            duration: Self.duration,
            agenda: agenda,
            recurrence: MeetingRecurrence(
                frequency: .weekly, repeatInterval: 1, weekdays: [weekday], endTimes: 3),
            settings: settings)
    }

    var singleRequest: MeetingChange {
        MeetingChange(
            topic: singleTopic, kind: .meeting, startTime: singleLocal, timezone: zone.identifier,
            duration: Self.duration,
            agenda: agenda, settings: settings)
    }

    func registrant(_ email: String) -> ZoomRegistrantRequest {
        ZoomRegistrantRequest(
            email: email, firstName: language == .de ? "Verbindungstest" : "Connection test", lastName: "semco-zoom",
            autoApprove: true)
    }

    // MARK: The announcement

    /// What the probe will create and spend, before it asks.
    public func announcement() -> LocalizedText {
        let day = String(localStarts[0].prefix(10))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let changeDay = transition.map { String(Self.local($0, calendar).prefix(10)) }
        let change = changeDay.map { " über die Zeitumstellung am \($0)" } ?? ""
        let changeEN = changeDay.map { " across the clock change on \($0)" } ?? ""
        let spentDE =
            spentToday.map {
                " (heute, UTC, laut Statusdatei schon \($0) durch die Synchronisation; die Probe zählt dort nicht mit)"
            } ?? ""
        let spentEN =
            spentToday.map {
                " (today, UTC, the sync already spent \($0) by the state file; the probe is not counted there)"
            } ?? ""
        return LocalizedText(
            de: """
                doctor --live legt beim Moderator \(host) an:
                  - ein Serienmeeting mit Registrierung (3 Termine wöchentlich ab \(day), \(zone.identifier)\(change)), Agenda-Markierung \(marker),
                  - ein Einzelmeeting mit Registrierung,
                  - Registrierungen für \(probeEmail) und zwei weitere Plus-Adressen desselben Postfachs (keine E-Mails),
                und löscht alles wieder. Verbrauch: \(Self.creates) Anlagen und bis zu \(RunTexts(language: .de).count(Self.maxUpdates, .change)) von den 100 täglichen des Moderators\(spentDE).
                """,
            en: """
                doctor --live creates for host \(host):
                  - a recurring meeting with registration (3 weekly occurrences from \(day), \(zone.identifier)\(changeEN)), agenda marker \(marker),
                  - a single meeting with registration,
                  - registrations for \(probeEmail) and two more plus-addresses of the same mailbox (no e-mails),
                and deletes all of it again. It spends \(Self.creates) creates and up to \(Self.maxUpdates) updates of the host's 100 a day\(spentEN).
                """)
    }
}
