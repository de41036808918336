package org.runstate.machine.qom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query-chardev} and {@code /chardevs}. */
class ChardevQueryTest {
    @TempDir
    Path dir;

    @Test
    void theMonitorsSocketIsOpenAndNamedByItsAddressAndANullChardevIsNot() throws Exception {
        Path sock = dir.resolve("qmp.sock");
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none", "-chardev", "null,id=n0")) {
            assertThat(q.execute("{\"execute\": \"query-chardev\"}")).isEqualTo("{\"return\": [{\"frontend-open\": "
                    + "false, \"filename\": \"null\", \"label\": \"n0\"}, {\"frontend-open\": true, \"filename\": "
                    + "\"unix:" + sock + ",server=on\", \"label\": \"compat_monitor0\"}]}");
        }
    }

    @Test
    void aServerNobodyIsConnectedToIsDisconnected() throws Exception {
        Path other = dir.resolve("other.sock");
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none", "-chardev", "socket,id=mon1,path=" + other
                + ",server=on,wait=off", "-mon", "chardev=mon1,mode=control")) {
            assertThat(q.returnOf("{\"execute\": \"query-chardev\"}").get(0)).isEqualTo(QmpVm.json("{\"frontend-open\":"
                    + "true,\"filename\":\"disconnected:unix:" + other + ",server=on\",\"label\":\"mon1\"}"));
        }
    }

    @Test
    void chardevsAreChildrenOfSlashChardevs() throws Exception {
        try (QmpVm q = QmpVm.launch(dir, "-machine", "none", "-chardev", "null,id=n0")) {
            assertThat(q.execute("{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/chardevs\"}}"))
                    .isEqualTo("{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, {\"name\": \"n0\", \"type\": "
                            + "\"child<chardev-null>\"}, {\"name\": \"compat_monitor0\", \"type\": "
                            + "\"child<chardev-socket>\"}]}");
        }
    }
}
