#pragma once

#include <QList>
#include <QStringList>

namespace infrastage::cli {

// Exit codes shared by every command.
enum ExitCode {
    ExitOk = 0,       // done; for `check`: no finding is an error
    ExitFindings = 1, // `check`: at least one error finding; other commands: the run failed
    ExitBadInput = 2, // unreadable file, bad arguments: the reason is on stderr
    ExitBusy = 3,     // the design did not start: another run holds one of its addresses
};

// One `infrastage-cli` command: a name, its usage, a one-line summary and its entry point,
// which gets the arguments after the command's name.
struct Command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*run)(const QStringList &args);
};

// Each command lives in its own file and registers itself with a static CommandRegistration;
// the files are compiled straight into the executable, so nothing is dropped by the linker.
struct CommandRegistration {
    explicit CommandRegistration(const Command &command);
};

const QList<Command> &registeredCommands();

} // namespace infrastage::cli
