#pragma once

#include <QStringList>

namespace infrastage {

// The diagram inside a file the user gave: a bare Mermaid file, or a Mermaid block of a
// Markdown file (fences of three or more backticks or tildes, closed by the same fence or a
// longer one, as CommonMark says). The first block this program can read (a flowchart or an
// architecture-beta diagram) is chosen; the others are named in warnings, never dropped
// silently. Front matter ("---\ntitle: ...\n---") is read for the title and skipped.
class MermaidSource final {
public:
    explicit MermaidSource(const QString &text);

    bool found() const { return m_found; } // some diagram text was found
    const QStringList &lines() const { return m_lines; }
    int firstLine() const { return m_firstLine; } // file line number of lines().first()
    QString title() const { return m_title; }
    QString diagramType() const { return m_type; } // the first word: "flowchart", "graph", ...
    const QStringList &warnings() const { return m_warnings; }

    // Whether a diagram type (the first word of a diagram) is one this program reads.
    static bool isFlowchart(const QString &type);
    static bool isArchitecture(const QString &type);

private:
    struct Block {
        int first = 0; // index of the first line inside the fence
        int end = 0;   // index of the closing fence (or the end of the file)
        QString type;
    };
    QList<Block> fencedBlocks(const QStringList &all) const;
    QString typeOf(const QStringList &all, int first, int end) const;

    bool m_found = false;
    QStringList m_lines;
    int m_firstLine = 1;
    QString m_title;
    QString m_type;
    QStringList m_warnings;
};

} // namespace infrastage
