package dev.chatstream.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's peer: what a Spring AI relay on WebFlux costs, with Spring Boot's and Spring AI's defaults.
 * bench/run.sh builds it and the benchmark starts it next to chatstream (bench/README.md, "The Spring AI peer").
 *
 * <pre>java -jar spring-ai-peer.jar --server.port=8090 --spring.ai.openai.base-url=http://127.0.0.1:9090/v1</pre>
 */
@SpringBootApplication
public class SpringAiPeer {

    public static void main(String[] args) {
        SpringApplication.run(SpringAiPeer.class, args);
    }
}
