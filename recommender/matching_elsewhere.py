"""Technologies and fields outside the curriculum, so the matcher can say "not in the curriculum".

A matcher that only knows the curriculum's labels reads every unknown name
as a misspelling of the nearest one: FastAPI becomes FastAI, Looker becomes
Docker.  This vocabulary is the negative class: languages, frameworks,
databases, data, BI, DevOps and web tools, ML libraries, concepts and
neighbouring fields that the roadmap does not teach, each with the
curriculum nodes it is *related* to (offered as suggestions, marked as
such, never as matches).

It was written as a broad list of what postings and CVs name, by family, not
from the matching corpora; the held-out corpus measures how far it carries.
At build time, every term that is also a label of the curriculum at hand is
dropped (the curriculum wins: if a curriculum lists Snowflake as an alias of
data warehousing, Snowflake is data warehousing), and related ids the
curriculum lacks are ignored.

Each line of a family is one thing: its name, then other spellings after
``|``.  A spelling that is also an everyday English word ("Go", "Swift",
"Rust") starts with ``=``: inside a sentence it counts only when written
with the same capitals.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Elsewhere", "ELSEWHERE", "elsewhere_terms"]


@dataclass(frozen=True)
class Elsewhere:
    """One thing outside the curriculum."""

    name: str
    family: str
    related: tuple[str, ...]
    spellings: tuple[tuple[str, bool], ...]  # (spelling, case-sensitive inside text)


_FAMILIES: list[tuple[str, tuple[str, ...], str]] = [
    ("programming language", ("python",), """
        =Rust | rustlang | rust lang
        =Go | Golang | go lang
        Scala
        =R | R programming | R language | RStudio | tidyverse | ggplot2 | dplyr | Shiny
        =Julia | Julia language
        =Java | Java SE | Java EE | JVM
        JavaScript | JS | ECMAScript
        TypeScript | TS
        =C | C language | ANSI C
        C++ | cpp | C plus plus
        C# | csharp | C sharp
        .NET | dotnet | ASP.NET | .NET Core
        Kotlin
        =Swift | SwiftUI
        Objective-C
        =Ruby
        PHP
        Perl
        MATLAB | Simulink
        Haskell
        Elixir
        Erlang
        Clojure
        F#
        Lua
        =Dart
        Fortran
        COBOL
        =Zig
        OCaml
        Groovy
        VBA | Visual Basic
        Solidity
        Mojo
        Bash | Bash scripting | shell scripting | shell scripts | zsh
        PowerShell
        SAS
        Stata
        SPSS
        Assembly | assembly language
        """),
    ("web framework or back end", ("model-deployment",), """
        FastAPI
        =Flask
        Django | Django REST framework | DRF
        Express | Express.js | ExpressJS
        Node.js | Node | NodeJS
        Spring Boot | =Spring | Spring Framework
        Ruby on Rails | =Rails
        Laravel
        Symfony
        NestJS
        gRPC
        GraphQL
        REST APIs | RESTful APIs | REST API | RESTful services | REST
        microservices | microservice architecture
        Celery
        Gunicorn | Uvicorn
        Nginx
        Apache HTTP Server
        Streamlit
        Gradio
        =Dash | Plotly Dash
        Pydantic
        SQLAlchemy
        WebSockets
        OAuth
        """),
    ("front end", (), """
        =React | React.js | ReactJS
        =Angular | AngularJS
        =Vue | Vue.js | VueJS
        Svelte
        Next.js | NextJS
        Nuxt
        HTML | HTML5
        CSS | CSS3 | Sass | SCSS
        Tailwind | Tailwind CSS
        Bootstrap
        jQuery
        Redux
        Webpack
        Vite
        D3.js | D3
        frontend development | front-end development | frontend | front end | front-end | frontend developer
        web development | web developer | web design
        full-stack | full stack | full-stack development | full-stack developer | full stack developer
        backend development | back-end development | backend engineer | backend developer
        """),
    ("mobile", (), """
        Android | Android development | Android developer
        iOS | iOS development | iOS developer
        =Flutter
        React Native
        Xamarin
        mobile development | mobile app development | mobile apps
        """),
    ("database", ("sql",), """
        PostgreSQL | Postgres | psql | pgvector
        MySQL
        MariaDB
        SQLite
        Oracle | Oracle Database | PL/SQL
        SQL Server | MSSQL | Microsoft SQL Server | T-SQL
        Elasticsearch | OpenSearch | ELK | Kibana | Logstash
        Neo4j | Cypher
        ClickHouse
        DuckDB
        Cosmos DB
        Firebase | Firestore
        Supabase
        CouchDB | Couchbase
        InfluxDB
        TimescaleDB
        Teradata
        Db2
        """),
    ("vector database", ("large-language-models",), """
        Pinecone
        Weaviate
        Milvus
        Qdrant
        Chroma | ChromaDB
        FAISS
        vector databases | vector database | vector search | vector stores | vector store
        """),
    ("data engineering", ("big-data-fundamentals", "data-warehousing"), """
        Airflow | Apache Airflow
        dbt | dbt Core | dbt Cloud | data build tool
        Dagster
        =Prefect
        Luigi
        Flink | Apache Flink
        Apache Beam | =Beam
        Databricks | Delta Lake | Unity Catalog
        Apache Iceberg | Iceberg
        Apache Hudi
        Fivetran
        Airbyte
        Apache NiFi | NiFi
        AWS Glue | =Glue
        Athena | Amazon Athena
        EMR | Amazon EMR
        Dataflow | Google Dataflow
        Dataproc
        Pub/Sub | Google Pub/Sub
        Azure Synapse | Synapse
        Azure Data Factory | Data Factory | ADF
        Presto
        Trino
        =Hive | Apache Hive | HiveQL
        =Pig | Apache Pig
        Sqoop
        Polars
        Dask
        =Ray | Ray Tune | Ray Serve
        Great Expectations
        Informatica
        Talend
        SSIS
        Alteryx
        ETL | ELT | ETL pipelines | ETL tools
        data engineering | data engineer | data engineers
        data modeling | data modelling | dimensional modeling
        data lakes | data lake | lakehouse
        data pipelines | data pipeline
        data governance
        data mesh
        RabbitMQ
        ActiveMQ
        Apache Pulsar
        """),
    ("business intelligence", ("matplotlib", "plotly"), """
        Tableau
        Power BI | PowerBI
        =Looker | Looker Studio | Google Data Studio
        Qlik | Qlik Sense | QlikView
        Metabase
        =Superset | Apache Superset
        Redash
        =Excel | Microsoft Excel | MS Excel | spreadsheets | pivot tables | VLOOKUP
        Google Sheets
        PowerPoint
        Google Analytics
        Mixpanel
        Amplitude
        Seaborn
        ggplot
        Bokeh
        Altair
        dashboards | dashboarding
        business intelligence | BI
        data analyst | data analytics | business analyst | business analytics
        """),
    ("Monitoring and observability", ("logging-and-alerting",), """
        Prometheus
        Grafana
        Datadog
        New Relic
        Splunk
        PagerDuty
        Sentry
        """),
    ("DevOps and infrastructure", ("ci-cd", "docker", "kubernetes"), """
        Terraform
        Ansible
        =Puppet
        =Chef
        SaltStack
        Jenkins
        CircleCI
        Travis CI
        TeamCity
        Bamboo
        Argo CD | ArgoCD | Argo Workflows | Argo
        =Helm | Helm charts
        Istio
        Linkerd
        OpenShift
        Rancher
        Nomad
        Vagrant
        Packer
        Pulumi
        CloudFormation | AWS CloudFormation
        AWS CDK | CDK
        infrastructure as code | IaC
        Podman
        Docker Swarm
        EKS | Amazon EKS
        AKS
        GKE
        ECS | Fargate
        Linux | Ubuntu | Debian | CentOS | RHEL | Unix
        DevOps | DevOps engineer | DevSecOps
        SRE | site reliability engineering | site reliability engineer
        Azure DevOps
        Bitbucket
        system administration | sysadmin
        computer networking | network engineering | TCP/IP | networking protocols | DNS
        cloud security
        """),
    ("cloud service", ("cloud-computing",), """
        CloudWatch
        IAM
        RDS | Aurora
        Step Functions
        API Gateway
        Amazon Bedrock | Bedrock
        Azure OpenAI
        IBM Cloud
        Oracle Cloud
        Alibaba Cloud
        DigitalOcean
        Heroku
        Vercel
        Netlify
        Cloudflare
        OpenStack
        VMware
        """),
    ("ML library or service", ("scikit-learn", "pytorch"), """
        XGBoost
        LightGBM
        CatBoost
        JAX | Flax
        MXNet
        Caffe
        Theano
        ONNX | ONNX Runtime
        TensorRT
        OpenVINO
        Triton | Triton Inference Server
        TorchServe
        TensorFlow Serving
        BentoML
        Seldon
        KServe
        Kubeflow
        Metaflow
        ZenML
        Kedro
        Feast | feature store | feature stores
        Tecton
        Optuna
        Hyperopt
        spaCy
        NLTK
        Gensim
        OpenCV
        Pillow
        scikit-image
        YOLO | YOLOv8
        Detectron2
        statsmodels
        Prophet
        SciPy
        SymPy
        PyTorch Lightning
        LangChain | LangGraph
        LlamaIndex
        Haystack
        DSPy
        vLLM
        Ollama
        llama.cpp
        OpenAI API | OpenAI
        ChatGPT
        Copilot | GitHub Copilot
        Stable Diffusion
        Whisper
        Evidently
        Neptune
        Comet | Comet ML
        ClearML
        TensorBoard
        Label Studio
        Snorkel
        Numba
        Cython
        CuPy
        RAPIDS | cuDF
        Horovod
        DeepSpeed
        Megatron
        Gymnasium | OpenAI Gym
        Stable Baselines
        H2O | H2O.ai
        DataRobot
        AutoML
        Weka
        KNIME
        RapidMiner
        """),
    ("machine learning concept", ("machine-learning-fundamentals",), """
        gradient boosting | gradient boosted trees | GBM | boosting | AdaBoost
        support vector machines | support vector machine | SVM | SVMs
        naive Bayes
        k-nearest neighbours | k-nearest neighbors | KNN | kNN
        time series | time series analysis | time series forecasting | forecasting | ARIMA
        anomaly detection | outlier detection | fraud detection
        survival analysis
        causal inference | causality
        graph neural networks | GNN | GNNs
        Gaussian processes
        Markov chains | hidden Markov models | HMM
        Monte Carlo | MCMC
        econometrics
        operations research | linear programming
        speech recognition | ASR | text to speech | TTS
        OCR | optical character recognition
        explainable AI | XAI | SHAP | LIME | model interpretability
        fairness | responsible AI | AI ethics
        federated learning
        active learning
        self-supervised learning | contrastive learning
        few-shot learning | zero-shot learning
        embeddings | word embeddings | word2vec | GloVe
        semantic search | information retrieval | learning to rank
        knowledge graphs | ontologies
        topic modeling | topic modelling | LDA
        named entity recognition | NER
        machine translation
        question answering
        chatbots | conversational AI
        AI agents | agentic AI | autonomous agents
        BERT | GPT | GPT-4 | LLaMA | Llama 2 | Mistral | Claude | Gemini
        edge AI | TinyML
        data science | data scientist | data scientists
        """),
    ("neighbouring field", (), """
        bioinformatics | bioinformatician
        computational biology
        genomics
        biostatistics
        cheminformatics | computational chemistry
        quantum computing
        blockchain | Web3 | smart contracts
        embedded systems | embedded software | firmware | microcontrollers
        robotics | ROS | SLAM
        autonomous driving | self-driving cars
        game development | game developer | game dev
        =Unity | Unity3D
        Unreal Engine
        computer graphics | OpenGL
        UX design | UI design | UI/UX | UX/UI | user experience | UX designer | UI designer
        Figma
        Adobe XD
        graphic design | graphic designer
        Photoshop | Adobe Photoshop
        Illustrator | Adobe Illustrator
        InDesign
        product management | product manager | product owner
        project management | project manager | PMP
        Agile | Scrum | Kanban | Agile/Scrum
        Jira
        Confluence
        Trello
        Asana
        Notion
        Slack
        cybersecurity | cyber security | information security | penetration testing | security analyst
        digital marketing | marketing | SEO | SEM
        sales
        Salesforce | CRM
        accounting | finance | bookkeeping
        human resources | HR
        customer support | technical support
        SAP | ERP
        signal processing | DSP
        control systems
        electrical engineering | mechanical engineering | civil engineering
        FPGA | VHDL | Verilog
        GIS | geospatial
        actuarial science
        photography
        QA | quality assurance | manual testing
        Selenium
        Cypress
        Playwright
        """),
    # aliasA: what sits next to the foundations and ML-concepts nodes without being taught by them
    ("mathematics outside the curriculum", ("mathematics-for-ml",), """
        discrete mathematics | discrete maths | discrete math | combinatorics
        real analysis | measure theory | functional analysis
        numerical analysis | numerical methods | scientific computing
        stochastic processes | stochastic calculus
        information theory
        differential equations | ordinary differential equations | partial differential equations
        game theory
        """),
    ("optimisation solver", ("optimisation",), """
        Gurobi
        CPLEX
        OR-Tools | Google OR-Tools
        PuLP
        Pyomo
        CVXPY
        """),
    ("probabilistic model", ("bayesian-inference", "probability"), """
        Bayesian networks | Bayesian network | probabilistic graphical models | PGMs | graphical models
        """),
    ("hyperparameter search method", ("model-optimisation",), """
        Bayesian optimisation | Bayesian optimization
        """),
    ("statistical model outside the curriculum", ("linear-regression", "logistic-regression"), """
        generalised linear models | generalized linear models | GLM | GLMs
        Poisson regression
        quantile regression
        mixed-effects models | linear mixed models
        kernel methods | kernel trick
        """),
    ("learning paradigm outside the curriculum", ("supervised-learning", "unsupervised-learning"), """
        semi-supervised learning | semi-supervised | weak supervision | weakly supervised learning
        """),
    ("data labelling", ("data-collection",), """
        data labelling | data labeling | data annotation | labelling data | labeling data
        """),
    ("quality statistics", ("statistics",), """
        Six Sigma | Lean Six Sigma
        statistical process control | SPC
        Minitab
        =JMP
        """),
    ("other version control", ("git",), """
        Mercurial
        Perforce
        """),
    ("Python concurrency", ("python", "performance-optimisation"), """
        concurrency | multithreading | multiprocessing | asyncio | async programming
        """),
    ("Python typing", ("python", "clean-code"), """
        type hints | type annotations | static typing | mypy
        """),
    ("computer science outside the curriculum", ("algorithms",), """
        operating systems | OS internals
        computer architecture
        compilers | compiler design
        theory of computation | automata theory
        """),
    ("degree outside the curriculum", ("masters-degree", "bachelors-degree"), """
        PhD | Ph.D. | doctorate | doctoral degree | DPhil
        MBA | Master of Business Administration
        associate degree | associate's degree
        """),
    ("research role", ("machine-learning-engineer",), """
        research scientist | applied scientist | research engineer
        quantitative analyst | quant developer | quantitative finance
        """),
    # aliasB: neighbours of the deep-learning, tools, certification and platform nodes.
    ("deep-learning framework or library", ("pytorch", "tensorflow", "deep-learning"), """
        PaddlePaddle
        Chainer
        CNTK | Microsoft Cognitive Toolkit
        Deeplearning4j | DL4J
        MindSpore
        tinygrad
        MLX | Apple MLX
        PyTorch Geometric | PyG | DGL | Deep Graph Library
        timm | PyTorch Image Models
        MMDetection | OpenMMLab | MMCV | MMSegmentation
        Ultralytics
        Segment Anything | Segment Anything Model
        =CLIP | OpenCLIP
        sentence-transformers | sentence transformers | SBERT
        AllenNLP
        fairseq
        Unsloth
        bitsandbytes
        Albumentations
        Kornia
        Gluon | GluonCV | GluonTS
        ML.NET
        Core ML | CoreML
        torchmetrics
        Optax
        """),
    ("chatbot framework", ("nlp", "large-language-models"), """
        Rasa | Rasa NLU | Rasa Open Source
        Dialogflow | Dialogflow CX
        Amazon Lex
        Microsoft Bot Framework
        """),
    ("deep-learning technique outside the curriculum", ("deep-learning", "network-topologies"), """
        autoencoders | autoencoder | denoising autoencoders | sparse autoencoders
        capsule networks | CapsNet
        spiking neural networks | SNN | SNNs
        neural architecture search
        mixture of experts | mixture-of-experts | MoE
        state space models | =Mamba
        Boltzmann machines | restricted Boltzmann machines | RBM | RBMs
        deep belief networks | DBN
        normalizing flows | normalising flows
        metric learning | siamese networks | triplet loss
        neural ODEs | neural ordinary differential equations
        Kolmogorov-Arnold networks
        physics-informed neural networks | PINNs
        """),
    ("LLM practice outside the curriculum", ("large-language-models", "fine-tuning"), """
        RLHF | reinforcement learning from human feedback
        LLMOps
        """),
    ("image processing", ("computer-vision",), """
        image processing | digital image processing
        """),
    ("multimodal model", ("computer-vision", "large-language-models"), """
        multimodal models | multimodal AI | multimodal learning
        vision-language models | vision language models | VLM | VLMs
        """),
    ("accelerator other than a GPU", ("gpu-acceleration", "distributed-training"), """
        TPU | TPUs | Cloud TPU | Google TPU
        AWS Trainium | Trainium | AWS Inferentia | Inferentia
        OpenCL
        Habana Gaudi
        NPU | NPUs | neural processing unit
        """),
    ("IDE or editor", ("vs-code", "pycharm", "jupyter"), """
        IntelliJ IDEA | IntelliJ
        Spyder | Spyder IDE
        =Vim | Neovim
        Emacs
        Sublime Text
        Atom editor
        =Eclipse | Eclipse IDE
        Visual Studio
        VSCodium
        Cursor IDE | Cursor AI editor
        DataSpell
        WebStorm
        CLion
        Android Studio
        Xcode
        Notepad++
        marimo
        Deepnote
        """),
    ("version control other than Git", ("git",), """
        Mercurial
        SVN | Subversion | Apache Subversion
        Perforce | Helix Core
        Gerrit
        """),
    ("code forge", ("github", "gitlab"), """
        Gitea
        Codeberg
        SourceForge
        """),
    ("course site", ("online-courses", "coursera", "edx", "udemy"), """
        DataCamp
        Udacity | Udacity Nanodegree | Nanodegree
        Pluralsight
        LinkedIn Learning | Lynda.com
        Codecademy
        Khan Academy
        freeCodeCamp
        MIT OpenCourseWare | MIT OCW
        Skillshare
        O'Reilly Learning | O'Reilly Safari | Safari Books Online
        Simplilearn
        upGrad
        Dataquest
        A Cloud Guru | ACloudGuru
        Whizlabs
        Cloud Academy
        Google Cloud Skills Boost | Qwiklabs
        Microsoft Learn
        AWS Skill Builder
        NVIDIA Deep Learning Institute | NVIDIA DLI
        FutureLearn
        NPTEL | SWAYAM
        Stepik
        OpenClassrooms
        Platzi
        DeepLearning.AI | deeplearning.ai short courses
        """),
    ("university course", ("online-courses",), """
        CS229 | Stanford CS229
        CS231n | Stanford CS231n
        CS224n | Stanford CS224n
        CS50 | CS50x | Harvard CS50
        MIT 6.S191
        """),
    ("certificate outside the curriculum", ("andrew-ng-ml-specialization", "ibm-ml-professional-certificate", "coursera"), """
        IBM Data Science Professional Certificate
        IBM AI Engineering Professional Certificate
        Google Data Analytics Professional Certificate | Google Data Analytics Certificate
        Johns Hopkins Data Science Specialization | JHU Data Science Specialization
        AWS Certified Machine Learning Engineer Associate | AWS Certified Machine Learning Engineer | AWS ML Engineer Associate | MLA-C01
        """),
    ("competition, dataset or coding-practice site", ("kaggle", "kaggle-competitions"), """
        DrivenData
        Zindi
        AIcrowd
        CodaLab
        Topcoder
        Papers with Code
        OpenML
        UCI Machine Learning Repository | UCI ML Repository
        HackerRank
        LeetCode
        """),
    ("GPU cloud", ("gpu-instances", "gpu-acceleration"), """
        Lambda Labs | Lambda Cloud | Lambda GPU Cloud
        Paperspace | Paperspace Gradient
        RunPod
        CoreWeave
        Vast.ai
        """),
    ("LLM or generative tool", ("large-language-models", "generative-ai"), """
        CrewAI
        AutoGen
        LangSmith
        Semantic Kernel
        Midjourney
        DALL-E | DALL·E
        Anthropic API
        NVIDIA NeMo
        SpeechBrain
        """),
    ("older deep-learning framework", ("pytorch", "tensorflow"), """
        Torch7 | Lua Torch
        Caffe2
        """),
    ("Python environment or notebook tool", ("jupyter", "python"), """
        Anaconda | Anaconda Navigator | Miniconda | conda
        nbdev
        mybinder
        """),
    ("Git client", ("git",), """
        SourceTree
        GitKraken
        """),
    ("bootcamp", ("online-courses",), """
        Le Wagon
        General Assembly
        Zero to Mastery
        """),
    # aliasC: tools, services and career terms next to the MLOps, cloud, big-data and career nodes
    ("data versioning tool", ("dvc", "model-versioning"), """
        lakeFS
        Pachyderm
        Git LFS | git-lfs | Git Large File Storage
        Dolt
        """),
    ("experiment tracking or ML workflow tool", ("experiment-tracking", "deployment-pipelines"), """
        Sacred
        Guild AI
        Polyaxon
        Determined AI
        Valohai
        Domino Data Lab
        MLRun
        Flyte
        TFX | TensorFlow Extended
        """),
    ("model monitoring tool", ("model-monitoring", "drift-detection"), """
        Arize | Arize AI | Arize Phoenix
        WhyLabs | whylogs
        Fiddler AI
        NannyML
        Alibi Detect
        Deepchecks
        Giskard
        """),
    ("observability tool", ("logging-and-alerting",), """
        OpenTelemetry | OTel
        =Jaeger
        Grafana Loki
        Fluentd | Fluent Bit
        Graylog
        Opsgenie
        Zabbix
        Nagios
        AWS X-Ray
        """),
    ("delivery and GitOps tool", ("ci-cd", "deployment-pipelines"), """
        GitOps
        FluxCD | Flux CD
        Tekton
        Spinnaker
        Buildkite
        Drone CI
        AWS CodePipeline | CodePipeline | AWS CodeBuild | CodeBuild | AWS CodeDeploy | CodeDeploy
        Google Cloud Build | Cloud Build
        Bitbucket Pipelines
        Azure Pipelines
        Octopus Deploy
        Argo Rollouts
        """),
    ("container and cluster tool", ("docker", "kubernetes"), """
        containerd
        Kustomize
        Knative
        Karpenter
        Amazon Elastic Kubernetes Service | Elastic Kubernetes Service
        Google Kubernetes Engine
        Azure Kubernetes Service
        Amazon Elastic Container Service | Elastic Container Service
        Azure Container Apps
        Azure Container Instances
        """),
    ("cloud AI service", ("sagemaker", "vertex-ai", "azure-machine-learning"), """
        Amazon Rekognition | Rekognition
        Amazon Comprehend
        Amazon Textract | Textract
        Amazon Polly
        Amazon Transcribe
        Amazon Personalize
        Amazon Forecast
        Azure AI Services | Azure Cognitive Services | Cognitive Services
        Azure AI Foundry | Azure AI Studio
        Azure AI Search | Azure Cognitive Search
        Google Cloud Vision API | Cloud Vision API
        Document AI
        Google AutoML | Cloud AutoML
        """),
    ("cloud service", ("cloud-computing",), """
        Amazon SQS | SQS
        Amazon SNS | SNS
        Amazon EventBridge | EventBridge
        AWS Batch
        AWS Lake Formation | Lake Formation
        Amazon QuickSight | QuickSight
        Amazon Lightsail | Lightsail
        Amazon VPC | VPC
        Google App Engine | App Engine
        AWS Elastic Beanstalk | Elastic Beanstalk
        AWS App Runner | App Runner
        Google Cloud SQL | Cloud SQL
        Cloud Spanner | Google Spanner
        Cloud Bigtable | Bigtable
        Cloud Composer
        Artifact Registry
        Anthos
        Azure Event Grid
        Azure Service Bus
        Azure Key Vault
        Hetzner
        OVHcloud | OVH
        Linode | Akamai Cloud
        Scaleway
        MinIO
        """),
    ("GPU cloud", ("gpu-instances",), """
        Jarvislabs
        Together AI
        Modal Labs
        Lightning AI
        DGX Cloud | NVIDIA DGX Cloud
        """),
    ("cloud cost tool", ("cloud-cost-optimisation",), """
        AWS Cost Explorer | Cost Explorer
        AWS Budgets
        Kubecost
        CloudHealth
        Spot.io
        Infracost
        """),
    ("big data or streaming system", ("big-data-fundamentals", "data-streaming"), """
        Apache HBase | HBase
        Apache Druid
        Apache Pinot
        Apache Kudu
        Apache Impala
        Apache Storm
        Apache Samza
        Redpanda
        Azure Event Hubs | Event Hubs
        Azure Stream Analytics
        NATS | NATS JetStream
        Apache ZooKeeper | ZooKeeper
        Apache Oozie | Oozie
        Apache Ambari
        Cloudera | Cloudera Data Platform
        Hortonworks
        MapR
        Apache Arrow | PyArrow
        Apache Parquet | Parquet
        Apache Avro | Avro
        """),
    ("data warehouse", ("data-warehousing",), """
        Vertica
        Greenplum
        Firebolt
        Exasol
        Azure SQL Data Warehouse
        """),
    ("NoSQL or graph store", ("nosql-databases",), """
        ScyllaDB
        Memcached
        ArangoDB
        Amazon Neptune
        RavenDB
        Riak
        Aerospike
        Amazon DocumentDB | DocumentDB
        Amazon Keyspaces
        Amazon ElastiCache | ElastiCache
        Valkey
        etcd
        TigerGraph
        JanusGraph
        graph databases | graph database | graph DBs
        """),
    ("learning platform", ("online-courses",), """
        Brilliant.org
        Educative | Educative.io
        bootcamp | bootcamps | coding bootcamp | data science bootcamp | ML bootcamp
        """),
    ("competition or hackathon", ("kaggle-competitions",), """
        hackathon | hackathons | hackathon winner
        Numerai
        """),
    ("job interviews", ("algorithms", "communication"), """
        interview preparation | job interviews | mock interviews | technical interviews | behavioural interviews | behavioral interviews | system design interviews
        coding interviews | coding interview | whiteboard interviews
        CodeSignal
        """),
    ("job search", ("project-portfolio", "quantify-achievements"), """
        resume writing | CV writing | cover letter | cover letters
        job search | job hunting | job applications
        salary negotiation
        personal branding | personal brand
        """),
    ("soft skill outside the curriculum", ("communication", "cross-functional-collaboration"), """
        leadership | team leadership | technical leadership | leading teams
        people management | line management
        problem solving | problem-solving | problem-solving skills | analytical skills | analytical thinking
        critical thinking
        time management | prioritisation | prioritization
        negotiation
        emotional intelligence
        attention to detail
        self-starter | self-motivated
        work ethic
        creativity
        soft skills
        """),
    ("speaking and publishing outlet", ("technical-blog", "share-work"), """
        podcast | podcasts | podcasting
        YouTube channel
        Toastmasters
        """),
    ("event tracking for analytics", ("data-streaming",), """
        Snowplow
        RudderStack
        Twilio Segment | =Segment
        Google Tag Manager
        """),
]


def _parse() -> tuple[Elsewhere, ...]:
    things = []
    for family, related, lines in _FAMILIES:
        for line in lines.strip().splitlines():
            spellings = []
            for written in line.split("|"):
                written = written.strip()
                cased = written.startswith("=")
                spellings.append((written.lstrip("="), cased))
            things.append(Elsewhere(spellings[0][0], family, related, tuple(spellings)))
    return tuple(things)


#: Every thing outside the curriculum this matcher knows of.
ELSEWHERE: tuple[Elsewhere, ...] = _parse()


def elsewhere_terms():
    """``(spelling, case-sensitive, thing)`` for every spelling of every thing."""
    for thing in ELSEWHERE:
        for spelling, cased in thing.spellings:
            yield spelling, cased, thing
