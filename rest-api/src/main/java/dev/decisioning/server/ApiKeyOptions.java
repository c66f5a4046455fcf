package dev.decisioning.server;

import dev.decisioning.server.settings.ApiKeys;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the channel apps' API keys are. */
final class ApiKeyOptions {
    @Option(names = "--api-keys", paramLabel = "FILE", order = 50,
            description = {"the channel apps' API keys, one a line: CHANNEL KEY [PERMISSIONS]; decisions and evaluations"
                    + " then need one (env " + ApiKeys.FILE_ENV + ", default: none, the decision endpoints are open)"})
    Path file;

    /** The keys of the file the flag, or else the variable, names; none when neither does. */
    ApiKeys keys(SettingValues values) {
        String path = values.text(file == null ? null : file.toString(), ApiKeys.FILE_ENV);
        if (path == null) {
            return ApiKeys.NONE;
        }
        try {
            return ApiKeys.read(Path.of(path));
        } catch (IllegalArgumentException e) {
            throw values.invalid(file == null ? null : path, "--api-keys", ApiKeys.FILE_ENV, e.getMessage());
        }
    }
}
