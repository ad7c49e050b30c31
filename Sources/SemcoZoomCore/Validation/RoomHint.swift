import Foundation

extension Validator {
    /// The code of the room hint (docs/diagnostics.md).
    public static let roomUnmatchedCode = "config.zoom-room-unmatched"

    /// A customer whose export spells the Zoom room differently (SEMCO's lists show the Ort
    /// "Webinar", the course form the room "Zoom Meeting Room"; guide Abb. 10, 15, 16) gets no
    /// course synced. When no course of the drop is in a configured room but some course's
    /// Veranstaltungsort mentions Zoom or Webinar, this warning names the values to configure.
    /// Nil otherwise (a drop with one Zoom course in the room is configured right).
    public static func roomHint(_ snapshot: Snapshot, configuration: Configuration) -> Diagnostic? {
        var candidates: [String] = []
        var seen: Set<String> = []
        for course in snapshot.courses {
            if configuration.isZoomRoom(course.venue) { return nil }
            let venue = TextTrim.whitespaces(course.venue)
            let lower = venue.lowercased()
            guard lower.contains("zoom") || lower.contains("webinar"), seen.insert(lower).inserted else { continue }
            candidates.append(venue)
        }
        guard !candidates.isEmpty else { return nil }
        candidates.sort()
        let shown = candidates.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
        let more = candidates.count > 5 ? " …" : ""
        let value: String
        if candidates.count == 1 {
            value = "zoom_room: \"\(candidates[0])\""
        } else {
            value = "zoom_room: [" + candidates.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
        let configured = configuration.zoomRooms.map { "\"\($0)\"" }.joined(separator: ", ")
        return Diagnostic(
            code: roomUnmatchedCode, severity: .warning,
            message: LocalizedText(
                de:
                    "Kein Kurs des Exports hat den Veranstaltungsort \(configured) (zoom_room); es wird nichts synchronisiert. Veranstaltungsorte mit Zoom oder Webinar im Namen: \(shown)\(more).",
                en:
                    "No course of the export has the venue \(configured) (zoom_room); nothing is synchronised. Venues that mention Zoom or Webinar: \(shown)\(more)."
            ),
            hint: LocalizedText(
                de:
                    "Wenn dies die Zoom-Kurse sind, tragen Sie in der Konfiguration \(value) ein (ein Name oder eine Liste).",
                en: "If these are the Zoom courses, set \(value) in the configuration (one name or a list)."))
    }
}
