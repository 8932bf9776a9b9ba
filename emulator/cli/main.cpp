// infrastage-cli: everything the GUI does, as commands, so it can be scripted and tested.
#include "command.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

namespace infrastage::cli {

namespace {
QList<Command> &commands() {
    static QList<Command> list;
    return list;
}
} // namespace

CommandRegistration::CommandRegistration(const Command &command) {
    commands().append(command);
}

const QList<Command> &registeredCommands() {
    return commands();
}

} // namespace infrastage::cli

using namespace infrastage::cli;

namespace {

const Command *find(const QString &name) {
    for (const Command &c : registeredCommands()) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

void describe(QTextStream &s, const Command &c) {
    s << "  " << c.usage << "\n      " << c.summary << "\n";
}

int usage(FILE *out) {
    QList<Command> list = registeredCommands();
    std::sort(list.begin(), list.end(),
              [](const Command &a, const Command &b) { return qstrcmp(a.name, b.name) < 0; });
    QTextStream s(out);
    s << "usage: infrastage-cli COMMAND [ARGS...]\n       infrastage-cli help COMMAND\n\n"
         "commands:\n";
    for (const Command &c : list)
        describe(s, c);
    return out == stdout ? ExitOk : ExitBadInput;
}

// "infrastage-cli help grade", "infrastage-cli grade --help": that command's usage alone.
int usageOf(const Command &c) {
    QTextStream s(stdout);
    s << "usage:\n";
    describe(s, c);
    return ExitOk;
}

bool asksForHelp(const QString &arg) {
    return arg == QLatin1String("--help") || arg == QLatin1String("-h") ||
           arg == QLatin1String("help");
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("infrastage-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INFRASTAGE_VERSION));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty())
        return usage(stderr);
    const QString name = args.takeFirst();
    if (asksForHelp(name)) {
        if (args.isEmpty())
            return usage(stdout);
        if (const Command *c = find(args.first()))
            return usageOf(*c);
        std::fprintf(stderr, "infrastage-cli: unknown command '%s'\n", qPrintable(args.first()));
        return usage(stderr);
    }
    if (name == QLatin1String("--version")) {
        std::printf("infrastage-cli %s\n", INFRASTAGE_VERSION);
        return ExitOk;
    }
    if (const Command *c = find(name)) {
        if (args.size() == 1 &&
            (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")))
            return usageOf(*c);
        return c->run(args);
    }
    std::fprintf(stderr, "infrastage-cli: unknown command '%s'\n", qPrintable(name));
    return usage(stderr);
}
