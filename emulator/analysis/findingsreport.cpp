#include "findingsreport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

namespace infrastage {

QString severityName(Severity s) {
    switch (s) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QString categoryName(FindingCategory c) {
    switch (c) {
    case FindingCategory::Spof:
        return QStringLiteral("spof");
    case FindingCategory::Security:
        return QStringLiteral("security");
    case FindingCategory::Monitoring:
        return QStringLiteral("monitoring");
    case FindingCategory::Consistency:
        return QStringLiteral("consistency");
    }
    return {};
}

namespace FindingsReport {

QByteArray text(const Findings &findings, const QString &fileName) {
    QString out;
    int counts[3] = {0, 0, 0};
    for (const Finding &f : findings) {
        ++counts[int(f.severity)];
        out += QStringLiteral("%1: %2 [%3]\n").arg(severityName(f.severity), f.title, f.rule);
        if (!f.nodes.isEmpty())
            out += QStringLiteral("  nodes: %1\n").arg(f.nodes.join(QStringLiteral(", ")));
        out += QStringLiteral("  why: %1\n").arg(f.explanation);
        out += QStringLiteral("  fix: %1\n\n").arg(f.fix);
    }
    out += QStringLiteral("%1: %2 errors, %3 warnings, %4 notes\n")
               .arg(fileName)
               .arg(counts[int(Severity::Error)])
               .arg(counts[int(Severity::Warning)])
               .arg(counts[int(Severity::Info)]);
    return out.toUtf8();
}

QByteArray json(const Findings &findings) {
    QJsonArray list;
    for (const Finding &f : findings) {
        list.append(QJsonObject{
            {QStringLiteral("rule"), f.rule},
            {QStringLiteral("category"), categoryName(f.category)},
            {QStringLiteral("severity"), severityName(f.severity)},
            {QStringLiteral("nodes"), QJsonArray::fromStringList(f.nodes)},
            {QStringLiteral("title"), f.title},
            {QStringLiteral("explanation"), f.explanation},
            {QStringLiteral("fix"), f.fix},
        });
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("findings"), list}})
        .toJson(QJsonDocument::Indented);
}

QByteArray sarif(const Findings &findings, const QString &fileName) {
    // One reportingDescriptor per rule id that occurs, in first-seen order.
    QJsonArray rules;
    QMap<QString, int> ruleIndex;
    QJsonArray results;
    for (const Finding &f : findings) {
        if (!ruleIndex.contains(f.rule)) {
            ruleIndex.insert(f.rule, int(rules.size()));
            rules.append(QJsonObject{
                {QStringLiteral("id"), f.rule},
                {QStringLiteral("shortDescription"),
                 QJsonObject{{QStringLiteral("text"), f.title}}},
                {QStringLiteral("help"), QJsonObject{{QStringLiteral("text"), f.fix}}},
                {QStringLiteral("properties"),
                 QJsonObject{{QStringLiteral("category"), categoryName(f.category)}}},
            });
        }
        const QString level = f.severity == Severity::Error     ? QStringLiteral("error")
                              : f.severity == Severity::Warning ? QStringLiteral("warning")
                                                                : QStringLiteral("note");
        QJsonArray logical;
        for (const QString &n : f.nodes)
            logical.append(QJsonObject{{QStringLiteral("name"), n},
                                       {QStringLiteral("kind"), QStringLiteral("element")}});
        QJsonObject location{{QStringLiteral("physicalLocation"),
                              QJsonObject{{QStringLiteral("artifactLocation"),
                                           QJsonObject{{QStringLiteral("uri"), fileName}}}}}};
        if (!logical.isEmpty())
            location.insert(QStringLiteral("logicalLocations"), logical);
        results.append(QJsonObject{
            {QStringLiteral("ruleId"), f.rule},
            {QStringLiteral("ruleIndex"), ruleIndex.value(f.rule)},
            {QStringLiteral("level"), level},
            {QStringLiteral("message"),
             QJsonObject{{QStringLiteral("text"),
                          QStringLiteral("%1. %2 Fix: %3").arg(f.title, f.explanation, f.fix)}}},
            {QStringLiteral("locations"), QJsonArray{location}},
        });
    }
    const QJsonObject driver{
        {QStringLiteral("name"), QStringLiteral("infrastage")},
        {QStringLiteral("version"), QCoreApplication::applicationVersion().isEmpty()
                                        ? QStringLiteral("0.1.0")
                                        : QCoreApplication::applicationVersion()},
        {QStringLiteral("informationUri"), QStringLiteral("https://infrastage.invalid/docs")},
        {QStringLiteral("rules"), rules},
    };
    const QJsonObject run{
        {QStringLiteral("tool"), QJsonObject{{QStringLiteral("driver"), driver}}},
        {QStringLiteral("results"), results},
    };
    const QJsonObject root{
        {QStringLiteral("$schema"),
         QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
        {QStringLiteral("version"), QStringLiteral("2.1.0")},
        {QStringLiteral("runs"), QJsonArray{run}},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace FindingsReport

} // namespace infrastage
