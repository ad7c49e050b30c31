import Foundation

/// A fault that lets the simulator serve a call as usual (state changes as Zoom's would) and
/// then changes the answer before it is sent: how a test makes "Zoom" answer differently from
/// what docs/SIMULATOR.md assumes, one call at a time (`semco-zoom doctor --live` must then
/// report that step as a disagreement). Also a hold: the matching request waits, unserved,
/// until the test releases it (a client is then provably in the middle of its work, without
/// any wall-clock wait).
///
/// Matching: method, path prefix, optional text in the path and in the raw query; the first
/// `skip` matching requests pass unchanged, the next `count` get the edits.
public struct SimulatedRewrite: Sendable {
    public enum Edit: Sendable {
        /// Replace the HTTP status.
        case status(Int)
        /// Set the member at a dotted path (`occurrences.1.start_time`, `*` for every array
        /// element) to a JSON value given as text; `nil` removes it.
        case set(String, json: String?)
        /// Move every UTC time (`…Z`) at a dotted path by `seconds`.
        case shiftTimes(String, seconds: Int)
        /// Replace the whole body with this JSON text (`nil`: no body).
        case body(String?)
        /// Add (or replace) these headers.
        case headers([String: String])
    }

    public var method: String?
    public var pathPrefix: String?
    public var pathContains: String?
    public var queryContains: String?
    public var skip: Int
    public var count: Int
    public var edits: [Edit]

    public init(
        method: String? = nil, pathPrefix: String? = nil, pathContains: String? = nil, queryContains: String? = nil,
        skip: Int = 0, count: Int = 1, edits: [Edit]
    ) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.pathContains = pathContains
        self.queryContains = queryContains
        self.skip = skip
        self.count = count
        self.edits = edits
    }

    func matches(_ request: HTTPRequest) -> Bool {
        (method == nil || method!.uppercased() == request.method)
            && (pathPrefix == nil || request.path.hasPrefix(pathPrefix!))
            && (pathContains == nil || request.path.contains(pathContains!))
            && (queryContains == nil || (request.rawQuery ?? "").contains(queryContains!))
    }

    func apply(to answer: APIAnswer) -> APIAnswer {
        var answer = answer
        for edit in edits {
            switch edit {
            case .status(let status):
                answer.status = status
            case .set(let path, let json):
                let value = json.flatMap { try? JSONValue.parse($0) }
                answer.body = Self.edit(answer.body ?? .object([:]), path: Self.split(path)) { _ in value }
            case .shiftTimes(let path, let seconds):
                guard let body = answer.body else { continue }
                answer.body = Self.edit(body, path: Self.split(path)) { current in
                    guard let text = current?.stringValue,
                        let date = ZoomTime.parse(text, zone: TimeZone(identifier: "UTC")!)
                    else { return current }
                    return .string(ZoomTime.format(date.addingTimeInterval(TimeInterval(seconds))))
                }
            case .body(let text):
                answer.body = text.flatMap { try? JSONValue.parse($0) }
            case .headers(let headers):
                for (name, value) in headers {
                    answer.headers.removeAll { $0.0.lowercased() == name.lowercased() }
                    answer.headers.append((name, value))
                }
            }
        }
        return answer
    }

    private static func split(_ path: String) -> [String] { path.split(separator: ".").map(String.init) }

    /// The value with the member at `path` replaced by `change(old)` (nil removes it).
    private static func edit(_ value: JSONValue, path: [String], change: (JSONValue?) -> JSONValue?) -> JSONValue {
        guard let key = path.first else { return change(value) ?? .null }
        let rest = Array(path.dropFirst())
        switch value {
        case .object(var members):
            if rest.isEmpty {
                members[key] = change(members[key])
            } else if let inner = members[key] {
                members[key] = edit(inner, path: rest, change: change)
            }
            return .object(members)
        case .array(var items):
            let indices =
                key == "*" ? Array(items.indices) : (Int(key).map { items.indices.contains($0) ? [$0] : [] } ?? [])
            for index in indices.reversed() {
                if rest.isEmpty {
                    if let new = change(items[index]) { items[index] = new } else { items.remove(at: index) }
                } else {
                    items[index] = edit(items[index], path: rest, change: change)
                }
            }
            return .array(items)
        default:
            return value
        }
    }
}

/// A request held by `ZoomSimulator.hold(…)` until `release()`.
public final class SimulatorHold: @unchecked Sendable {
    private let condition = NSCondition()
    private var released = false
    private var waiting = 0
    let method: String?
    let pathPrefix: String?
    /// Every matching request waits, not only the first: a client whose held request times
    /// out and is sent again (a loaded machine) is held again.
    let every: Bool
    private var armed = true

    init(method: String?, pathPrefix: String?, every: Bool) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.every = every
    }

    /// Takes the first matching request (every one with `every`) until released.
    func claim(_ request: HTTPRequest) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard armed, method == nil || method!.uppercased() == request.method,
            pathPrefix == nil || request.path.hasPrefix(pathPrefix!)
        else { return false }
        if !every { armed = false }
        return true
    }

    func wait() {
        condition.lock()
        waiting += 1
        condition.broadcast()
        while !released { condition.wait() }
        waiting -= 1
        condition.unlock()
    }

    /// Waits (off the cooperative pool) until the matching request has arrived.
    public func waitUntilHolding() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread { [self] in
                condition.lock()
                while waiting == 0 && !released { condition.wait() }
                condition.unlock()
                continuation.resume()
            }
        }
    }

    /// Lets the held request be served (and any later one through).
    public func release() {
        condition.lock()
        released = true
        armed = false
        condition.broadcast()
        condition.unlock()
    }
}

/// A `/oauth` or `/v2` request the simulator served and its answer, bodies included (for
/// checks against Zoom's OpenAPI documents of what a client really sends).
public struct SimulatedExchange: Sendable {
    public var method: String
    public var path: String
    public var query: String?
    public var requestBody: String?
    public var status: Int
    public var responseBody: String?
}

/// The rewrites and holds waiting for requests (own lock: a hold waits outside the engine lock),
/// and the exchange recording.
final class AnswerInterceptors: @unchecked Sendable {
    private let lock = NSLock()
    private var rewrites: [SimulatedRewrite] = []
    private var holds: [SimulatorHold] = []
    private var recorded: [SimulatedExchange]?

    func startRecording() {
        lock.lock()
        recorded = recorded ?? []
        lock.unlock()
    }

    func recording() -> [SimulatedExchange] {
        lock.lock()
        defer { lock.unlock() }
        return recorded ?? []
    }

    /// The answer after the request's rewrite, recorded when recording.
    func finish(_ request: HTTPRequest, _ answer: APIAnswer, rewrite: SimulatedRewrite?) -> APIAnswer {
        let final = rewrite?.apply(to: answer) ?? answer
        lock.lock()
        if recorded != nil {
            recorded!.append(
                SimulatedExchange(
                    method: request.method, path: request.path, query: request.rawQuery,
                    requestBody: request.body.isEmpty ? nil : String(decoding: request.body, as: UTF8.self),
                    status: final.status, responseBody: final.body?.serialized()))
        }
        lock.unlock()
        return final
    }

    func add(_ rewrite: SimulatedRewrite) {
        lock.lock()
        rewrites.append(rewrite)
        lock.unlock()
    }

    func add(_ hold: SimulatorHold) {
        lock.lock()
        holds.append(hold)
        lock.unlock()
    }

    /// Waits while a hold claims the request, then returns the rewrite for its answer, if any.
    func intercept(_ request: HTTPRequest) -> SimulatedRewrite? {
        guard !request.path.hasPrefix("/_sim") else { return nil }
        lock.lock()
        let hold = holds.first { $0.claim(request) }
        var chosen: SimulatedRewrite?
        if let index = rewrites.firstIndex(where: { $0.matches(request) }) {
            if rewrites[index].skip > 0 {
                rewrites[index].skip -= 1
            } else {
                chosen = rewrites[index]
                rewrites[index].count -= 1
                if rewrites[index].count <= 0 { rewrites.remove(at: index) }
            }
        }
        lock.unlock()
        hold?.wait()
        return chosen
    }
}

extension ZoomSimulator {
    /// Serves matching calls and then changes their answers (see `SimulatedRewrite`).
    public func rewrite(_ rewrite: SimulatedRewrite) async { engine.interceptors.add(rewrite) }

    /// Holds the next request matching method and path prefix (every one with `every`) until
    /// the returned hold is released. Release it before `stop()`, which waits for every connection.
    public func hold(method: String? = nil, pathPrefix: String? = nil, every: Bool = false) async -> SimulatorHold {
        let hold = SimulatorHold(method: method, pathPrefix: pathPrefix, every: every)
        engine.interceptors.add(hold)
        return hold
    }

    /// From now on, keep every served `/oauth` and `/v2` exchange with its bodies.
    public func recordExchanges() async { engine.interceptors.startRecording() }

    /// The exchanges kept since `recordExchanges()`.
    public func recordedExchanges() async -> [SimulatedExchange] { engine.interceptors.recording() }
}
