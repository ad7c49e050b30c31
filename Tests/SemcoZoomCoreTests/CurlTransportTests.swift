import Foundation
import SemcoZoomCurl
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@testable import SemcoZoomCore

/// The libcurl transport over real HTTP against the simulator: what it sends, how it reads the
/// answer, and the two promises the client relies on (a write is never resent by the transport;
/// a failure says whether the request can have left).
@Suite(.serialized) struct CurlTransportTests {
    private static func withSimulator(_ body: (ZoomSimulator) async throws -> Void) async throws {
        let sim = try await ZoomSimulator.start(SimHarness.configuration())
        do {
            try await body(sim)
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
    }

    @Test func sendsMethodHeadersAndBodyAndReadsTheAnswer() async throws {
        try await Self.withSimulator { sim in
            let transport = CurlTransport(maxConnections: 2)
            // The simulator's admin API answers without a token; a POST with a JSON body changes
            // its clock, a GET reads it back.
            let set = try await transport.send(
                HTTPRequest(
                    method: "POST", url: sim.baseURL.appendingPathComponent("_sim/clock/advance"),
                    headers: ["Content-Type": "application/json"], body: Data(#"{"seconds": 3600}"#.utf8)))
            #expect(set.status < 300)
            let read = try await transport.send(
                HTTPRequest(method: "GET", url: sim.baseURL.appendingPathComponent("_sim/clock")))
            #expect(read.status == 200)
            #expect(read.header("content-type")?.hasPrefix("application/json") == true)
            #expect(read.header("CONTENT-TYPE") == read.header("content-type"))
            #expect(String(decoding: read.body, as: UTF8.self).contains("now"))
            #expect(await sim.now().timeIntervalSinceNow > 3000)

            // PATCH, PUT and DELETE keep their method name; a call without a token gets Zoom's 401.
            let calls = [
                ("PATCH", "meetings/123"), ("PUT", "meetings/123/registrants/status"), ("DELETE", "meetings/123"),
            ]
            for (method, path) in calls {
                let answer = try await transport.send(
                    HTTPRequest(
                        method: method, url: sim.apiURL.appendingPathComponent(path),
                        body: method == "DELETE" ? nil : Data("{}".utf8)))
                #expect(answer.status == 401, "\(method) \(path)")
            }
            let served = await sim.servedCalls().filter { $0.path.hasPrefix("/v2/meetings/123") }.map(\.method)
            #expect(served == ["PATCH", "PUT", "DELETE"])
        }
    }

    @Test func aWriteIsNeverResentWhenItsConnectionDiesWithoutAnAnswer() async throws {
        try await Self.withSimulator { sim in
            // One worker, so both requests would use the same connection if allowed to.
            let transport = CurlTransport(maxConnections: 1)
            let warmUp = try await transport.send(
                HTTPRequest(method: "GET", url: sim.baseURL.appendingPathComponent("_sim/clock")))
            #expect(warmUp.status == 200)
            await sim.inject(
                SimulatedFault(method: "POST", pathPrefix: "/v2/users/", count: 2, action: .dropAfterProcessing))
            let create = HTTPRequest(
                method: "POST", url: sim.apiURL.appendingPathComponent("users/me/meetings"),
                body: Data("{}".utf8), timeout: 5, mayReuseConnection: false)
            await #expect {
                _ = try await transport.send(create)
            } throws: { error in
                guard case HTTPTransportError.noAnswer = error else { return false }
                return true
            }
            let posts = await sim.servedCalls().filter { $0.method == "POST" && $0.path == "/v2/users/me/meetings" }
            #expect(posts.count == 1, "the server must see the create once, saw \(posts.count)")
        }
    }

    @Test func aReadMayBeResentByLibcurlOnAReusedConnection() async throws {
        // The reason writes take a fresh connection: on a reused one libcurl repeats a request
        // whose connection died before any answer. For a read that is harmless, and it shows
        // that the test above can fail.
        try await Self.withSimulator { sim in
            let transport = CurlTransport(maxConnections: 1)
            _ = try await transport.send(
                HTTPRequest(method: "GET", url: sim.baseURL.appendingPathComponent("_sim/clock")))
            await sim.inject(
                SimulatedFault(method: "GET", pathPrefix: "/v2/users/", count: 1, action: .dropAfterProcessing))
            let read = try await transport.send(
                HTTPRequest(method: "GET", url: sim.apiURL.appendingPathComponent("users/me"), timeout: 5))
            #expect(read.status == 401)
            let gets = await sim.servedCalls().filter { $0.method == "GET" && $0.path == "/v2/users/me" }
            #expect(gets.count == 2)
        }
    }

    @Test func aSlowAnswerIsNoAnswerAfterTheTimeout() async throws {
        try await Self.withSimulator { sim in
            let transport = CurlTransport(maxConnections: 1)
            await sim.inject(SimulatedFault(method: "GET", pathPrefix: "/v2/users/", count: 1, action: .delay(1.5)))
            await #expect {
                _ = try await transport.send(
                    HTTPRequest(method: "GET", url: sim.apiURL.appendingPathComponent("users/me"), timeout: 0.3))
            } throws: { error in
                guard case HTTPTransportError.noAnswer(let reason) = error else { return false }
                return reason.hasPrefix("timed out")
            }
        }
    }

    @Test func unsupportedSchemeIsNotSent() async throws {
        let transport = CurlTransport()
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "GET", url: URL(string: "ftp://127.0.0.1/x")!, timeout: 2))
        } throws: { error in
            guard case HTTPTransportError.notSent = error else { return false }
            return true
        }
    }
}
