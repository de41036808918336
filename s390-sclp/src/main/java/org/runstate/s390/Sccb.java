package org.runstate.s390;

/**
 * The SCLP's private copy of a service-call control block ({@code work_sccb} in
 * {@code sclp_service_call}, hw/s390x/sclp.c): QEMU copies {@code length} bytes out of guest
 * memory, works on the copy so the guest cannot change it midway, and writes back as many bytes
 * as the (possibly updated) length field says. Big-endian fields.
 *
 * <p>Header: offset 0 length (u16), 2 function code (u8), 3 control mask (3 bytes), 6 response
 * code (u16). Accesses past the copied length (QEMU would run off its buffer) read zero and
 * writes there are dropped, which is what reaches guest memory in QEMU too.
 */
final class Sccb {
    /** {@code sizeof(SCCBHeader)}. */
    static final int HEADER_SIZE = 8;
    /** {@code SCCB_SIZE}: one page. */
    static final int SCCB_SIZE = 4096;
    /** {@code SCLP_VARIABLE_LENGTH_RESPONSE} in control mask byte 2. */
    static final int VARIABLE_LENGTH_RESPONSE = 0x80;

    private final byte[] data;

    private Sccb(final byte[] data) {
        this.data = data;
    }

    /**
     * Copies an SCCB of {@code length} bytes out of guest memory.
     *
     * @param memory guest RAM
     * @param addr the SCCB's absolute address
     * @param length its header length (at least 8)
     * @return the private copy
     */
    static Sccb copyFrom(final GuestMemory memory, final long addr, final int length) {
        byte[] copy = new byte[length];
        memory.readBytes(addr, copy, length);
        return new Sccb(copy);
    }

    /**
     * {@code cpu_physical_memory_write(sccb, work_sccb, be16_to_cpu(work_sccb->h.length))}.
     *
     * @param memory guest RAM
     * @param addr the SCCB's absolute address
     */
    void writeBack(final GuestMemory memory, final long addr) {
        memory.writeBytes(addr, data, Math.min(length(), data.length));
    }

    int length() {
        return u16(0);
    }

    void setLength(final int length) {
        setU16(0, length);
    }

    int functionCode() {
        return u8(2);
    }

    /** Byte 2 of the control mask (SCCB offset 5), home of the variable-length-response bit. */
    int controlMask2() {
        return u8(5);
    }

    void setControlMask2(final int value) {
        setU8(5, value);
    }

    void setResponseCode(final int code) {
        setU16(6, code);
    }

    int responseCode() {
        return u16(6);
    }

    /** {@code sccb_data_len}: the bytes after the header. */
    int dataLength() {
        return length() - HEADER_SIZE;
    }

    int u8(final int offset) {
        return offset >= 0 && offset < data.length ? data[offset] & 0xff : 0;
    }

    int u16(final int offset) {
        return (u8(offset) << 8) | u8(offset + 1);
    }

    void setU8(final int offset, final int value) {
        if (offset >= 0 && offset < data.length) {
            data[offset] = (byte) value;
        }
    }

    void setU16(final int offset, final int value) {
        setU8(offset, value >>> 8);
        setU8(offset + 1, value);
    }

    /**
     * QEMU's {@code copy_mask} from the SCCB into a 64-bit mask: the first {@code length} bytes,
     * truncated or zero-extended to 8 bytes, big-endian.
     *
     * @param offset where the mask starts
     * @param length the mask length
     * @return the mask with byte 0 in bits 63-56
     */
    long mask(final int offset, final int length) {
        long m = 0;
        for (int i = 0; i < 8; i++) {
            m = (m << 8) | (i < length ? u8(offset + i) : 0);
        }
        return m;
    }

    /**
     * QEMU's {@code copy_mask} from a 64-bit mask into the SCCB: {@code length} bytes, the mask's
     * first 8 followed by zeros.
     *
     * @param offset where the mask goes
     * @param length the mask length
     * @param mask the mask with byte 0 in bits 63-56
     */
    void setMask(final int offset, final int length, final long mask) {
        for (int i = 0; i < length; i++) {
            setU8(offset + i, i < 8 ? (int) (mask >>> (56 - 8 * i)) : 0);
        }
    }
}
