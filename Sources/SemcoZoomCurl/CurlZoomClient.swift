import Foundation
import SemcoZoomCore

extension HTTPZoomClient {
    /// The Zoom client over libcurl with one connection per request it may keep in flight
    /// (`settings.maxConcurrentRequests`): how the shell talks to Zoom and to the simulator.
    public static func overCurl(
        settings: ZoomClientSettings, log: any APICallLog = NoAPICallLog(), clock: any WallClock = SystemClock(),
        statistics: ZoomCallStatistics? = nil
    ) -> HTTPZoomClient {
        HTTPZoomClient(
            settings: settings, transport: CurlTransport(maxConnections: settings.maxConcurrentRequests), log: log,
            clock: clock, statistics: statistics)
    }
}

extension CurlTransport {
    /// For the runs, which make their clients themselves once the settings are read.
    public static let factory: @Sendable (_ maxConnections: Int) -> any HTTPTransport = {
        CurlTransport(maxConnections: $0)
    }
}
