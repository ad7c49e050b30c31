import Foundation

/// Files of this repository that tests read (the samples, Zoom's OpenAPI documents), found
/// from this source file's location: they are in every clone, so a test that reads one
/// always runs, and a missing file is a failure, never a skip.
public enum RepositoryFiles {
    /// The repository root.
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `samples/`: the demo's exports and configuration.
    public static var samples: URL { root.appendingPathComponent("samples", isDirectory: true) }

    /// `Tests/Fixtures/zoom-openapi/`: Zoom's OpenAPI documents, unedited, with `SOURCE.md`.
    public static var zoomOpenAPIDirectory: URL {
        root.appendingPathComponent("Tests/Fixtures/zoom-openapi", isDirectory: true)
    }

    /// Zoom's Meetings API document (meetings, webinars, their registrants).
    public static let zoomMeetingsAPI = "zoom-meetings-api.2026-03.json"
    /// Zoom's Users API document.
    public static let zoomUsersAPI = "zoom-users-api.2026-03.json"

    public static func zoomOpenAPI(_ name: String) -> URL {
        zoomOpenAPIDirectory.appendingPathComponent(name)
    }
}
