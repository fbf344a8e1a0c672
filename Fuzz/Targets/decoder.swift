// libFuzzer entry point of the `decoder` target; see FuzzTarget.decoder for how an input is read.

/// Called by libFuzzer once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzOne(.decoder, start, count)
}
