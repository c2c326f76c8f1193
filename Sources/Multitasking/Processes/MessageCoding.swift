/// The binary format of the values that `ProcessQueue` and `Pipe` carry between processes.
///
/// Why not `JSONEncoder`: it needs Foundation and costs microseconds per small value, more than
/// the whole trip through shared memory; the lesson's queue benchmark passes 100,000 integers.
/// This format is a small, self-describing tree, written and read in one pass over a byte
/// array, through `Codable`, so any `Codable` value can travel.
///
/// Every value starts with a one-byte tag; numbers are little-endian:
///
/// | tag | value | followed by |
/// | --- | --- | --- |
/// | 0 | nil | nothing |
/// | 1, 2 | false, true | nothing |
/// | 3 | signed integer (any width) | 8 bytes, two's complement |
/// | 4 | unsigned integer (any width) | 8 bytes |
/// | 5 | `Double` | 8 bytes IEEE 754 |
/// | 6 | `Float` | 4 bytes IEEE 754 |
/// | 7 | string | 4-byte length, then that many bytes of UTF-8 |
/// | 8 | unkeyed container (arrays) | 4-byte count, then the elements |
/// | 9 | keyed container (structs, dictionaries) | 4-byte count, then per entry the key (4-byte length, UTF-8) and the value |
///
/// Decoding checks tags, counts and integer ranges and reports a `DecodingError` instead of
/// misreading. A limit: values are written in the order `encode(to:)` produces them, so an
/// `encode(to:)` that writes to a container after opening a nested one is not supported.
enum MessageCoding {
    enum Tag: UInt8 {
        case null = 0, falseValue, trueValue, signed, unsigned, double, float, string, unkeyed, keyed
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = MessageWriter()
        try writer.encodeValue(value, codingPath: [])
        return writer.bytes
    }

    /// The value's bytes after a 4-byte little-endian count of them: how `Pipe` frames messages.
    /// Written into one array (a count patched in at the end), not a count and a body joined.
    static func encodeFramed<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = MessageWriter()
        writer.word32(0)
        try writer.encodeValue(value, codingPath: [])
        writer.bytes.withUnsafeMutableBytes {
            $0.storeBytes(of: UInt32(truncatingIfNeeded: $0.count - 4).littleEndian, as: UInt32.self)
        }
        return writer.bytes
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        // The lesson's messages are mostly integers: read those without the Decoder's objects.
        // The same bytes the general path reads; anything else about them goes that way.
        if T.self == Int.self, bytes.count == 9, bytes[0] == Tag.signed.rawValue {
            return Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 1, as: Int64.self))) as! T
        }
        let reader = MessageReader(bytes: bytes)
        let decoder = MessageDecoder(reader: reader, position: 0, codingPath: [])
        let value = try T(from: decoder)
        let end = try reader.skip(from: 0, codingPath: [])
        guard end == bytes.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(bytes.count - end) bytes left over after the value"))
        }
        return value
    }
}

// MARK: Encoding

final class MessageWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(16) }

    func tag(_ tag: MessageCoding.Tag) { bytes.append(tag.rawValue) }

    func word64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func word32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func string(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            word32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Starts a container: its tag and a count of zero, patched as entries are added.
    func beginContainer(_ tag: MessageCoding.Tag) -> Int {
        self.tag(tag)
        let offset = bytes.count
        word32(0)
        return offset
    }

    func countEntry(at offset: Int) {
        var count = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        count += 1
        bytes[offset] = UInt8(truncatingIfNeeded: count)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: count >> 8)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: count >> 16)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: count >> 24)
    }

    func encodeNil() { tag(.null) }
    func encode(_ value: Bool) { tag(value ? .trueValue : .falseValue) }
    func encode(_ value: String) { tag(.string); string(value) }
    func encode(_ value: Double) { tag(.double); word64(value.bitPattern) }
    func encode(_ value: Float) { tag(.float); word32(value.bitPattern) }
    func encodeSigned<T: FixedWidthInteger & SignedInteger>(_ value: T) { tag(.signed); word64(UInt64(bitPattern: Int64(value))) }
    func encodeUnsigned<T: FixedWidthInteger & UnsignedInteger>(_ value: T) { tag(.unsigned); word64(UInt64(value)) }

    func encodeValue<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let value as Int: encodeSigned(value)
        case let value as String: encode(value)
        case let value as Double: encode(value)
        case let value as Bool: encode(value)
        default: try value.encode(to: MessageEncoder(writer: self, codingPath: codingPath))
        }
    }
}

struct MessageEncoder: Encoder {
    let writer: MessageWriter
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter<Key>(writer: writer, countOffset: writer.beginContainer(.keyed), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedWriter(writer: writer, countOffset: writer.beginContainer(.unkeyed), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueWriter(writer: writer, codingPath: codingPath)
    }
}

struct SingleValueWriter: SingleValueEncodingContainer {
    let writer: MessageWriter
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { writer.encodeNil() }
    mutating func encode(_ value: Bool) throws { writer.encode(value) }
    mutating func encode(_ value: String) throws { writer.encode(value) }
    mutating func encode(_ value: Double) throws { writer.encode(value) }
    mutating func encode(_ value: Float) throws { writer.encode(value) }
    mutating func encode(_ value: Int) throws { writer.encodeSigned(value) }
    mutating func encode(_ value: Int8) throws { writer.encodeSigned(value) }
    mutating func encode(_ value: Int16) throws { writer.encodeSigned(value) }
    mutating func encode(_ value: Int32) throws { writer.encodeSigned(value) }
    mutating func encode(_ value: Int64) throws { writer.encodeSigned(value) }
    mutating func encode(_ value: UInt) throws { writer.encodeUnsigned(value) }
    mutating func encode(_ value: UInt8) throws { writer.encodeUnsigned(value) }
    mutating func encode(_ value: UInt16) throws { writer.encodeUnsigned(value) }
    mutating func encode(_ value: UInt32) throws { writer.encodeUnsigned(value) }
    mutating func encode(_ value: UInt64) throws { writer.encodeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value, codingPath: codingPath) }
}

struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: MessageWriter
    let countOffset: Int
    var codingPath: [any CodingKey]
    var count = 0

    init(writer: MessageWriter, countOffset: Int, codingPath: [any CodingKey]) {
        (self.writer, self.countOffset, self.codingPath) = (writer, countOffset, codingPath)
    }

    private mutating func added() {
        writer.countEntry(at: countOffset)
        count += 1
    }

    mutating func encodeNil() throws { writer.encodeNil(); added() }
    mutating func encode(_ value: Bool) throws { writer.encode(value); added() }
    mutating func encode(_ value: String) throws { writer.encode(value); added() }
    mutating func encode(_ value: Double) throws { writer.encode(value); added() }
    mutating func encode(_ value: Float) throws { writer.encode(value); added() }
    mutating func encode(_ value: Int) throws { writer.encodeSigned(value); added() }
    mutating func encode(_ value: Int64) throws { writer.encodeSigned(value); added() }
    mutating func encode(_ value: UInt8) throws { writer.encodeUnsigned(value); added() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.encodeValue(value, codingPath: codingPath + [IndexKey(count)])
        added()
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        added()
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer, countOffset: writer.beginContainer(.keyed), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        added()
        return UnkeyedWriter(writer: writer, countOffset: writer.beginContainer(.unkeyed), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        added()
        return MessageEncoder(writer: writer, codingPath: codingPath)
    }
}

struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: MessageWriter
    let countOffset: Int
    var codingPath: [any CodingKey]

    private func key(_ key: any CodingKey) {
        writer.countEntry(at: countOffset)
        writer.string(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { self.key(key); writer.encodeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.key(key); writer.encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.key(key); writer.encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { self.key(key); writer.encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.key(key); writer.encodeSigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.key(key)
        try writer.encodeValue(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer, countOffset: writer.beginContainer(.keyed), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        return UnkeyedWriter(writer: writer, countOffset: writer.beginContainer(.unkeyed), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        key(IndexKey(stringValue: "super"))
        return MessageEncoder(writer: writer, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.key(key)
        return MessageEncoder(writer: writer, codingPath: codingPath + [key])
    }
}

struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) { (stringValue, intValue) = ("Index \(index)", index) }
    init(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
    init?(intValue: Int) { self.init(intValue) }
}

// MARK: Decoding

final class MessageReader {
    let bytes: UnsafeRawBufferPointer

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func corrupted(_ text: String, _ codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: text))
    }

    func need(_ count: Int, at position: Int, _ codingPath: [any CodingKey]) throws {
        guard position >= 0, count >= 0, position + count <= bytes.count else {
            throw corrupted("the message ends early (needs \(count) bytes at offset \(position) of \(bytes.count))", codingPath)
        }
    }

    func tag(at position: Int, _ codingPath: [any CodingKey]) throws -> MessageCoding.Tag {
        try need(1, at: position, codingPath)
        guard let tag = MessageCoding.Tag(rawValue: bytes[position]) else {
            throw corrupted("unknown tag \(bytes[position]) at offset \(position)", codingPath)
        }
        return tag
    }

    func word64(at position: Int, _ codingPath: [any CodingKey]) throws -> UInt64 {
        try need(8, at: position, codingPath)
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    func word32(at position: Int, _ codingPath: [any CodingKey]) throws -> UInt32 {
        try need(4, at: position, codingPath)
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    /// The string whose length is at `position`, and the position after it.
    func string(at position: Int, _ codingPath: [any CodingKey]) throws -> (String, Int) {
        let length = Int(try word32(at: position, codingPath))
        try need(length, at: position + 4, codingPath)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(position + 4)..<(position + 4 + length)]), as: UTF8.self)
        return (text, position + 4 + length)
    }

    /// The position right after the value that starts at `position`.
    func skip(from position: Int, codingPath: [any CodingKey]) throws -> Int {
        switch try tag(at: position, codingPath) {
        case .null, .falseValue, .trueValue: return position + 1
        case .signed, .unsigned, .double: try need(9, at: position, codingPath); return position + 9
        case .float: try need(5, at: position, codingPath); return position + 5
        case .string: return try string(at: position + 1, codingPath).1
        case .unkeyed:
            let count = try word32(at: position + 1, codingPath)
            var cursor = position + 5
            for _ in 0..<count { cursor = try skip(from: cursor, codingPath: codingPath) }
            return cursor
        case .keyed:
            let count = try word32(at: position + 1, codingPath)
            var cursor = position + 5
            for _ in 0..<count {
                cursor = try string(at: cursor, codingPath).1
                cursor = try skip(from: cursor, codingPath: codingPath)
            }
            return cursor
        }
    }
}

struct MessageDecoder: Decoder {
    let reader: MessageReader
    let position: Int
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try KeyedReader<Key>(reader: reader, position: position, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedReader(reader: reader, position: position, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueReader(reader: reader, position: position, codingPath: codingPath)
    }
}

/// Reads the single value at `position`.
struct SingleValueReader: SingleValueDecodingContainer {
    let reader: MessageReader
    let position: Int
    var codingPath: [any CodingKey]

    private func mismatch<T>(_ type: T.Type, found tag: MessageCoding.Tag) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(tag)"))
    }

    func decodeNil() -> Bool { (try? reader.tag(at: position, codingPath)) == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch try reader.tag(at: position, codingPath) {
        case .falseValue: return false
        case .trueValue: return true
        case let tag: throw mismatch(type, found: tag)
        }
    }

    func decode(_ type: String.Type) throws -> String {
        let tag = try reader.tag(at: position, codingPath)
        guard tag == .string else { throw mismatch(type, found: tag) }
        return try reader.string(at: position + 1, codingPath).0
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch try reader.tag(at: position, codingPath) {
        case .double: return Double(bitPattern: try reader.word64(at: position + 1, codingPath))
        case .float: return Double(Float(bitPattern: try reader.word32(at: position + 1, codingPath)))
        case let tag: throw mismatch(type, found: tag)
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        switch try reader.tag(at: position, codingPath) {
        case .float: return Float(bitPattern: try reader.word32(at: position + 1, codingPath))
        case .double: return Float(Double(bitPattern: try reader.word64(at: position + 1, codingPath)))
        case let tag: throw mismatch(type, found: tag)
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let tag = try reader.tag(at: position, codingPath)
        let bits = try reader.word64(at: position + 1, codingPath)
        let value: T?
        switch tag {
        case .signed: value = T(exactly: Int64(bitPattern: bits))
        case .unsigned: value = T(exactly: bits)
        default: throw mismatch(type, found: tag)
        }
        guard let value else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number does not fit in \(type)"))
        }
        return value
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Int.self { return try integer(Int.self) as! T }
        if type == String.self { return try decode(String.self) as! T }
        return try T(from: MessageDecoder(reader: reader, position: position, codingPath: codingPath))
    }
}

struct UnkeyedReader: UnkeyedDecodingContainer {
    let reader: MessageReader
    var codingPath: [any CodingKey]
    let count: Int?
    var currentIndex = 0
    private var cursor: Int

    init(reader: MessageReader, position: Int, codingPath: [any CodingKey]) throws {
        let tag = try reader.tag(at: position, codingPath)
        guard tag == .unkeyed else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "expected a list, found \(tag)"))
        }
        (self.reader, self.codingPath) = (reader, codingPath)
        count = Int(try reader.word32(at: position + 1, codingPath))
        cursor = position + 5
    }

    var isAtEnd: Bool { currentIndex >= count! }

    private mutating func next() throws -> SingleValueReader {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "the list has only \(count!) elements"))
        }
        let element = SingleValueReader(reader: reader, position: cursor, codingPath: codingPath + [IndexKey(currentIndex)])
        cursor = try reader.skip(from: cursor, codingPath: element.codingPath)
        currentIndex += 1
        return element
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, try reader.tag(at: cursor, codingPath) == .null else { return false }
        _ = try next()
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let element = try next()
        return KeyedDecodingContainer(try KeyedReader<NestedKey>(reader: reader, position: element.position, codingPath: element.codingPath))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let element = try next()
        return try UnkeyedReader(reader: reader, position: element.position, codingPath: element.codingPath)
    }

    mutating func superDecoder() throws -> any Decoder {
        let element = try next()
        return MessageDecoder(reader: reader, position: element.position, codingPath: element.codingPath)
    }
}

struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: MessageReader
    var codingPath: [any CodingKey]
    private var positions: [String: Int] = [:]
    private var order: [String] = []

    init(reader: MessageReader, position: Int, codingPath: [any CodingKey]) throws {
        let tag = try reader.tag(at: position, codingPath)
        guard tag == .keyed else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "expected a keyed container, found \(tag)"))
        }
        (self.reader, self.codingPath) = (reader, codingPath)
        let count = try reader.word32(at: position + 1, codingPath)
        var cursor = position + 5
        for _ in 0..<count {
            let (key, valueStart) = try reader.string(at: cursor, codingPath)
            positions[key] = valueStart
            order.append(key)
            cursor = try reader.skip(from: valueStart, codingPath: codingPath)
        }
    }

    var allKeys: [Key] { order.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { positions[key.stringValue] != nil }

    private func value(_ key: any CodingKey) throws -> SingleValueReader {
        guard let position = positions[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key '\(key.stringValue)'"))
        }
        return SingleValueReader(reader: reader, position: position, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).decodeNil() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).integer(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let element = try value(key)
        return KeyedDecodingContainer(try KeyedReader<NestedKey>(reader: reader, position: element.position, codingPath: element.codingPath))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let element = try value(key)
        return try UnkeyedReader(reader: reader, position: element.position, codingPath: element.codingPath)
    }

    func superDecoder() throws -> any Decoder {
        let element = try value(IndexKey(stringValue: "super"))
        return MessageDecoder(reader: reader, position: element.position, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let element = try value(key)
        return MessageDecoder(reader: reader, position: element.position, codingPath: element.codingPath)
    }
}
