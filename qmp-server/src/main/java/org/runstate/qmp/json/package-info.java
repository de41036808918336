/**
 * QMP's JSON layer, reproducing QEMU 7.2 byte for byte: {@link org.runstate.qmp.json.JsonStreamer}
 * turns a byte stream into values and QEMU-worded errors (json-lexer, json-streamer,
 * json-parser), and {@link org.runstate.qmp.json.QmpJsonWriter} prints values as
 * {@code qobject_to_json} does, QDict hash order included.
 */
package org.runstate.qmp.json;
