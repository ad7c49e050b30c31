#if canImport(CCurl)
    import CCurl
    import Foundation
    import SemcoZoomCore

    /// `HTTPTransport` on libcurl's easy interface: a small pool of worker threads, each owning one
    /// easy handle (and with it one keep-alive connection), each request a blocking
    /// `curl_easy_perform`.
    ///
    /// Why not URLSession: FoundationNetworking drives libcurl's multi interface through dispatch
    /// sources and never drops a socket's write source once libcurl only wants to read, so a
    /// connected (always writable) socket wakes its queue continuously until the answer arrives.
    /// With Zoom's latency that is a busy wait for the whole life of every request: measured
    /// against a loopback server that answers after 100 ms, about 1,200 context switches and 12 ms
    /// of system cpu per request on a fresh connection (writes), 290 switches on a reused one.
    /// `curl_easy_perform` waits in `poll` instead. (BENCHMARKS.md, "API", has the measurement.)
    ///
    /// Because `curl_easy_perform` blocks, this is the one place with threads of its own, and it
    /// lives outside SemcoZoomCore (which is structured concurrency only): the shell passes it in.
    public final class CurlTransport: HTTPTransport {
        private let pool: CurlWorkerPool

        /// `maxConnections`: worker threads, and so connections (the Zoom client keeps no more
        /// requests in flight).
        public init(maxConnections: Int = 8) {
            // Thread-safe and reference-counted since libcurl 7.84; FoundationNetworking calls it too.
            _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
            pool = CurlWorkerPool(maxWorkers: max(1, maxConnections))
        }

        deinit { pool.shutDown() }

        public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            try await withCheckedThrowingContinuation { continuation in
                pool.enqueue(CurlJob(request: request, continuation: continuation))
            }
        }
    }

    /// One request waiting for a worker.
    struct CurlJob: Sendable {
        var request: HTTPRequest
        var continuation: CheckedContinuation<HTTPResponse, any Error>
    }

    /// Worker threads started on demand up to `maxWorkers`; they live until `shutDown`.
    final class CurlWorkerPool: @unchecked Sendable {
        private let condition = NSCondition()
        private let maxWorkers: Int
        private var queue: [CurlJob] = []
        private var head = 0
        private var workers = 0
        private var idle = 0
        private var stopped = false

        init(maxWorkers: Int) { self.maxWorkers = maxWorkers }

        func enqueue(_ job: CurlJob) {
            condition.lock()
            queue.append(job)
            let startWorker = idle == 0 && workers < maxWorkers
            if startWorker { workers += 1 }
            condition.signal()
            condition.unlock()
            if startWorker {
                let thread = Thread { [self] in work() }
                thread.name = "semco-zoom-http"
                thread.start()
            }
        }

        /// Lets the workers finish what is queued, then end.
        func shutDown() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
        }

        private func next() -> CurlJob? {
            condition.lock()
            defer { condition.unlock() }
            while head == queue.count && !stopped {
                idle += 1
                condition.wait()
                idle -= 1
            }
            guard head < queue.count else { return nil }
            let job = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }

        private func work() {
            guard let handle = curl_easy_init() else {
                // Without a handle this worker cannot serve; fail what it takes so no caller hangs.
                while let job = next() {
                    job.continuation.resume(throwing: HTTPTransportError.notSent("libcurl could not create a handle"))
                }
                return
            }
            defer { curl_easy_cleanup(handle) }
            while let job = next() {
                do {
                    job.continuation.resume(returning: try CurlExchange.perform(job.request, on: handle))
                } catch {
                    job.continuation.resume(throwing: error)
                }
            }
        }
    }

    /// One request on one easy handle.
    enum CurlExchange {
        /// What libcurl hands to the callbacks while a request runs.
        final class Answer {
            var body = Data()
            var headers: [String: String] = [:]
        }

        static func perform(_ request: HTTPRequest, on handle: UnsafeMutableRawPointer) throws -> HTTPResponse {
            // Keeps the handle's live connection (and DNS cache); forgets the previous request's options.
            curl_easy_reset(handle)
            let answer = Answer()
            let context = Unmanaged.passUnretained(answer).toOpaque()

            var headerList: UnsafeMutablePointer<curl_slist>?
            defer { curl_slist_free_all(headerList) }
            for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
                headerList = curl_slist_append(headerList, "\(name): \(value)")
            }
            // libcurl would otherwise wait for "100 Continue" before sending a larger body.
            headerList = curl_slist_append(headerList, "Expect:")
            if !request.mayReuseConnection {
                // Writes must never be resent by libcurl on a reused connection that died.
                headerList = curl_slist_append(headerList, "Connection: close")
            }

            let timeout = max(1, Int(request.timeout * 1000))
            var setup = [
                semco_curl_set_string(handle, CURLOPT_URL, request.url.absoluteString),
                semco_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
                semco_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
                semco_curl_set_long(handle, CURLOPT_TIMEOUT_MS, timeout),
                semco_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeout, 30_000)),
                semco_curl_set_list(handle, CURLOPT_HTTPHEADER, headerList),
                semco_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, collectBody),
                semco_curl_set_pointer(handle, CURLOPT_WRITEDATA, context),
                semco_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, collectHeader),
                semco_curl_set_pointer(handle, CURLOPT_HEADERDATA, context),
            ]
            if !request.mayReuseConnection {
                setup.append(semco_curl_set_long(handle, CURLOPT_FRESH_CONNECT, 1))
                setup.append(semco_curl_set_long(handle, CURLOPT_FORBID_REUSE, 1))
            }

            if let body = request.body ?? (request.method == "GET" || request.method == "DELETE" ? nil : Data()) {
                // COPYPOSTFIELDS makes it a POST with a copy of the body (bodies are small JSON);
                // CUSTOMREQUEST below renames the method (PATCH, PUT).
                setup.append(semco_curl_set_size(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                setup.append(
                    body.withUnsafeBytes { bytes in
                        bytes.withMemoryRebound(to: CChar.self) { chars in
                            chars.isEmpty
                                ? semco_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, "")
                                : semco_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, chars.baseAddress)
                        }
                    })
            }
            if request.method != "GET" && request.method != "POST" {
                setup.append(semco_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
            let code = setup.first { $0 != CURLE_OK } ?? curl_easy_perform(handle)
            guard code == CURLE_OK else { throw classify(code) }

            var status = 0
            _ = semco_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
            guard status > 0 else { throw HTTPTransportError.noAnswer("no HTTP answer") }
            return HTTPResponse(status: status, headers: answer.headers, body: answer.body)
        }

        /// Only failures that happen before a byte of the request can have left count as "not sent".
        static func classify(_ code: CURLcode) -> HTTPTransportError {
            let number = "(curl \(code.rawValue))"
            switch code {
            case CURLE_COULDNT_CONNECT: return .notSent("connection refused \(number)")
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .notSent("host not found \(number)")
            case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: return .notSent("bad URL \(number)")
            case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
                CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
                return .notSent("TLS handshake failed \(number)")
            case CURLE_OPERATION_TIMEDOUT: return .noAnswer("timed out \(number)")
            case CURLE_GOT_NOTHING: return .noAnswer("connection closed without an answer \(number)")
            case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE: return .noAnswer("connection lost \(number)")
            default: return .noAnswer("network error \(number)")
            }
        }

        private static let collectBody: semco_curl_data_callback = { data, size, count, context in
            let length = size * count
            guard let data, let context, length > 0 else { return length }
            let answer = Unmanaged<Answer>.fromOpaque(context).takeUnretainedValue()
            answer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }

        private static let collectHeader: semco_curl_data_callback = { data, size, count, context in
            let length = size * count
            guard let data, let context, length > 0 else { return length }
            let answer = Unmanaged<Answer>.fromOpaque(context).takeUnretainedValue()
            let line = UnsafeRawBufferPointer(start: data, count: length)
            if line.starts(with: "HTTP/".utf8) {
                // A new response begins (after a redirect or an interim 1xx): only the last one counts.
                answer.headers = [:]
                answer.body = Data()
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let name = trimmed(line[..<colon])
                let value = trimmed(line[(colon + 1)...])
                if !name.isEmpty {
                    answer.headers[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
                }
            }
            return length
        }

        /// Without leading and trailing spaces, tabs and line ends.
        private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            var start = bytes.startIndex
            var end = bytes.endIndex
            while start < end && isSpace(bytes[start]) { start += 1 }
            while end > start && isSpace(bytes[end - 1]) { end -= 1 }
            return bytes[start..<end]
        }
    }

#endif
