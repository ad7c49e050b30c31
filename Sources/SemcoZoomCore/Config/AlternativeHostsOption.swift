import Foundation

extension Configuration {
    /// `alternative_hosts`: who, besides the host, may start the course's meeting
    /// (docs/configuration.md; docs/sync-rules.md, "Co-trainers as alternative hosts").
    public enum AlternativeHostsOption: String, Sendable, Codable, CaseIterable {
        /// The sync never reads or writes the meeting's `settings.alternative_hosts` (default).
        case none
        /// The course's other trainers with a licensed Zoom user are the meeting's alternative
        /// hosts; the sync owns the field.
        case trainers
    }
}

extension Configuration.AlternativeHostsOption: CaseIterableByName {
    static var allNames: [String] { allCases.map(\.rawValue) }
}
