package dev.optlab.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every topic a service or a deployment names is one of the contracts module's topics. */
public final class TopicChecks {
  public static List<String> checkModules(Lab lab) {
    List<String> problems = new ArrayList<>();
    for (ServiceModule module : lab.modules().values()) {
      for (String topic : module.topics()) {
        if (!lab.topics().contains(topic)) {
          problems.add(
              module.name()
                  + "/application.properties: topic '"
                  + topic
                  + "' is not in contracts' Topics "
                  + lab.topics());
        }
      }
    }
    return problems;
  }

  /** Variables whose name says they hold a topic (e.g. an mp.messaging ...TOPIC override). */
  public static List<String> checkEnv(Lab lab, String where, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    env.forEach(
        (name, value) -> {
          if (name.endsWith("TOPIC") || name.endsWith("TOPICS")) {
            for (String topic : value.split(",")) {
              if (!lab.topics().contains(topic.trim())) {
                problems.add(
                    where
                        + ": "
                        + name
                        + " names topic '"
                        + topic.trim()
                        + "', which is not in contracts' Topics "
                        + lab.topics());
              }
            }
          }
        });
    return problems;
  }

  private TopicChecks() {}
}
