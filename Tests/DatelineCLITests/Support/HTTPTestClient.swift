import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A response as the tests inspect it.
struct HTTPTestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: self.body, as: UTF8.self) }

    /// The body parsed as a JSON object.
    func jsonObject() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(self.body), options: [])
        guard let dictionary = object as? [String: Any] else {
            throw HTTPTestClient.Failure(description: "body is JSON but not an object: \(self.text.prefix(200))")
        }
        return dictionary
    }

    /// `error.code` of a JSON error body.
    func errorCode() throws -> String? {
        (try self.jsonObject()["error"] as? [String: Any])?["code"] as? String
    }
}

/// Real HTTP requests over loopback (Foundation's URLSession, libcurl underneath on Linux).
enum HTTPTestClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one request and returns whatever status came back.
    static func send(
        _ method: String,
        _ url: URL,
        body: [UInt8]? = nil,
        contentType: String? = nil
    ) async throws -> HTTPTestResponse {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body { request.httpBody = Data(body) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw Failure(description: "\(method) \(url): not an HTTP response")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPTestResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
    }
}
