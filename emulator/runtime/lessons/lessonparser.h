#pragma once

#include "lesson.h"

#include <QString>

namespace infrastage::runtime {

// Reads a lesson file (docs/lessons.md). Every mistake is refused with its line and the
// reason ("lesson.lesson:7: unknown action 'kil' ..."); nothing half-read is returned.
namespace LessonParser {

bool parse(const QString &text, const QString &baseDir, Lesson *lesson, QString *error);
bool load(const QString &path, Lesson *lesson, QString *error);

} // namespace LessonParser

} // namespace infrastage::runtime
